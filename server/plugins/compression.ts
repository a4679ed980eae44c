import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * API answers over 1 KB are compressed (brotli when the client accepts it, else gzip). Brotli runs
 * at a low quality: per-request compression must cost less CPU than it saves in transfer. Static
 * files arrive already compressed (scripts/precompress.mjs; plugins/web-app.ts) and are left alone,
 * and event streams (the chat answer) are never compressed, so they still arrive token by token.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

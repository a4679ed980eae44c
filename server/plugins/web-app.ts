import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/app-error.js';
import { sendError } from './errors.js';

/** Vite names built assets by content hash (assets/login-page-Bx3f9a1c.js): they never change. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.\w+(\.(br|gz))?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * A request for a file of the built web app (index.html, /assets/*, the icon, a client-side route
 * answered with index.html): any GET or HEAD outside /api. Contract §10.5: these never count against
 * a request limit. A cold browser fetches ~90 of them on its first page, so a room of people behind
 * one address would otherwise exhaust the anonymous budget on JavaScript chunks (ADR 0040).
 */
export function isWebAppFileRequest(request: { method: string; url: string }): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?', 1)[0] ?? '';
  return pathname !== '/api' && !pathname.startsWith('/api/');
}

/**
 * Serves the built SPA from `webDir`. Any other GET that is not an API call gets index.html, so
 * client-side routes survive a reload; unknown API paths get a 404 in the error shape.
 *
 * Files are sent precompressed (the .br/.gz siblings scripts/precompress.mjs writes at build time,
 * chosen by Accept-Encoding). Hashed assets are cached for a year as immutable; everything else
 * (index.html, favicon) is revalidated on each use, so a deploy is picked up at once.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string, options: { serveSourceMaps: boolean }): Promise<void> {
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    const { serveSourceMaps } = options;
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', HASHED_ASSET.test(filePath) ? IMMUTABLE : 'no-cache');
      },
      ...(serveSourceMaps ? {} : { allowedPath: (pathName: string) => !pathName.endsWith('.map') }),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url === '/api';
    const wantsPage = request.method === 'GET' && !isApi && (request.headers.accept ?? '').includes('text/html');
    if (hasWeb && wantsPage) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(request, reply, new AppError('not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`));
  });
}

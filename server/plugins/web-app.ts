import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/app-error.js';
import { sendError } from './errors.js';

/**
 * Serves the built SPA from `webDir`. Any other GET that is not an API call gets index.html, so
 * client-side routes survive a reload; unknown API paths get a 404 in the error shape.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    // Source maps help in development; in production they would publish the source.
    const serveSourceMaps = app.services.config.NODE_ENV !== 'production';
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
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

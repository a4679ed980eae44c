import type { FastifyInstance } from 'fastify';
import { Drain } from '../lib/drain.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Graceful shutdown of streamed work (server/main.ts starts it on SIGTERM). */
    drain: Drain;
  }
}

/**
 * What SIGTERM does (server/main.ts, and the rolling-restart test): refuse new work at once (so a
 * proxy passes it to another instance), let streams finish for `graceMs`, cut and save the rest, then
 * close — in-flight requests complete, the port closes last.
 */
export async function shutdownGracefully(app: FastifyInstance, graceMs: number, closeMs: number): Promise<void> {
  const drained = await app.drain.shutdown(graceMs, closeMs);
  app.log.info({ event: 'server.drained', ...drained }, 'streams finished or saved as interrupted');
  await app.close();
}

/** While draining every request but liveness is refused with 503 (readiness included, so the balancer stops sending). */
export function registerDrain(app: FastifyInstance): Drain {
  const drain = new Drain();
  app.decorate('drain', drain);
  app.addHook('onRequest', async (request) => {
    if (request.url !== '/healthz') drain.assertAccepting();
  });
  return drain;
}

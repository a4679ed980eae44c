import type { FastifyInstance } from 'fastify';
import { Drain } from '../lib/drain.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Graceful shutdown of streamed work (server/main.ts starts it on SIGTERM). */
    drain: Drain;
  }
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

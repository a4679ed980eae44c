import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../../contracts/errors.js';
import { calibrationEnvelopeSchema } from '../../../../contracts/exercises.js';
import * as calibration from './calibration.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/**
 * Runs started by this process and not yet finished. Until the platform job runner is in main a run
 * executes here, after its request answered 202; `settleCalibrations` lets tests and shutdown wait.
 */
const inFlight = new Set<Promise<void>>();
export async function settleCalibrations(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

export function registerCalibrationRoutes(app: FastifyInstance): void {
  const { config } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exercises'];

  r.post(
    '/api/exercises/:id/calibration',
    {
      schema: {
        tags,
        description:
          'Admins: scores the trainer’s examples (several samples each) and built-in gaming answers with the exercise’s evaluator, in the background; follow it with GET. A graded exercise is published only on a passed calibration of its current rubric, examples and evaluator.',
        params: idParams,
        response: { 202: calibrationEnvelopeSchema, ...errors, 503: errorBodySchema },
      },
    },
    async (request, reply) => {
      const started = await request.asUser((ctx) => calibration.startCalibration(ctx, config, request.params.id));
      const run = calibration
        .executeCalibration((fn) => request.asUser(fn), config, started.id, request.params.id)
        .catch((err: unknown) => request.log.error({ err, event: 'exercise.calibration.failed', calibrationId: started.id }, 'calibration failed'))
        .finally(() => inFlight.delete(run));
      inFlight.add(run);
      request.log.info({ event: 'exercise.calibration.started', calibrationId: started.id, exerciseId: request.params.id }, 'calibration started');
      return reply.status(202).send({ calibration: started });
    },
  );

  r.get(
    '/api/exercises/:id/calibration',
    { schema: { tags, description: 'Admins: the latest calibration of the exercise, or null.', params: idParams, response: { 200: calibrationEnvelopeSchema, ...errors } } },
    async (request) => ({ calibration: await request.asUser((ctx) => calibration.getCalibration(ctx, config, request.params.id)) }),
  );

  app.addHook('onClose', async () => {
    await settleCalibrations();
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../../contracts/errors.js';
import { calibrationEnvelopeSchema, calibrationStatesSchema } from '../../../../contracts/exercises.js';
import { calibrationJob } from './calibration-job.js';
import { enqueueJob } from '../../../platform/jobs/index.js';
import * as calibration from './calibration.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerCalibrationRoutes(app: FastifyInstance): void {
  const { config } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exercises'];
  app.jobs.register(calibrationJob);

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
      // The run is queued in the transaction that records it: no row without its job, nor a job without its row.
      const started = await request.asUser(async (ctx) => {
        const row = await calibration.startCalibration(ctx, config, request.params.id);
        await enqueueJob(ctx, calibrationJob, { calibrationId: row.id, exerciseId: request.params.id, userId: ctx.actor.userId, role: ctx.actor.role });
        return row;
      });
      request.log.info({ event: 'exercise.calibration.started', calibrationId: started.id, exerciseId: request.params.id }, 'calibration started');
      return reply.status(202).send({ calibration: started });
    },
  );

  r.get(
    '/api/exercises/calibrations',
    { schema: { tags, description: 'Admins: where each graded exercise stands — calibrated, stale, failed, running or not calibrated.', response: { 200: calibrationStatesSchema, ...errors } } },
    (request) => request.asUser((ctx) => calibration.calibrationStates(ctx, config)),
  );

  r.get(
    '/api/exercises/:id/calibration',
    { schema: { tags, description: 'Admins: the latest calibration of the exercise, or null.', params: idParams, response: { 200: calibrationEnvelopeSchema, ...errors } } },
    async (request) => ({ calibration: await request.asUser((ctx) => calibration.getCalibration(ctx, config, request.params.id)) }),
  );
}

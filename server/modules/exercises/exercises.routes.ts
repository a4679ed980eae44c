import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { analyticsQuerySchema } from '../../../contracts/analytics.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import {
  attemptEnvelopeSchema,
  attemptListSchema,
  attemptReadersSchema,
  exerciseMembersSchema,
  exerciseStatsSchema,
  listAttemptsQuerySchema,
  memberSkillsQuerySchema,
  memberSkillsSchema,
  skillsQuerySchema,
  skillsSchema,
  submitAttemptSchema,
  transcriptSchema,
} from '../../../contracts/exercises.js';
import { languageFromHeader } from '../../lib/email-i18n.js';
import * as analytics from './exercise-analytics.service.js';
import { registerCalibrationRoutes } from './calibration/calibration.routes.js';
import * as exercises from './exercises.service.js';
import { scoreAttemptJob, submitAttempt } from './submission.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerExerciseRoutes(app: FastifyInstance): void {
  const { config, mailer } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exercises'];
  registerCalibrationRoutes(app);
  app.jobs.register(scoreAttemptJob);

  r.post('/api/exercises/:id/attempts', { schema: { tags, params: idParams, response: { 201: attemptEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const attempt = await request.asUser((ctx) => exercises.startAttempt(ctx, request.params.id, languageFromHeader(request.headers['accept-language'])));
    return reply.status(201).send({ attempt });
  });

  r.get(
    '/api/exercises/:id/attempts',
    { schema: { tags, params: idParams, querystring: listAttemptsQuerySchema, response: { 200: attemptListSchema, ...errors } } },
    async (request) => ({ items: await request.asUser((ctx) => exercises.listAttempts(ctx, request.params.id, request.query.userId)) }),
  );

  r.get('/api/attempts/:id', { schema: { tags, params: idParams, response: { 200: attemptEnvelopeSchema, ...errors } } }, async (request) => ({
    attempt: await request.asUser((ctx) => exercises.getAttempt(ctx, request.params.id)),
  }));

  r.post(
    '/api/attempts/:id/submit',
    {
      schema: {
        tags,
        description:
          'Submits the attempt for scoring: 202 with the attempt `submitted`; follow GET /api/attempts/:id until it is scored. Scoring runs in the background with the exercise’s evaluator connection and model, its cost held against the community budget first. A second submit is 409; if the budget is used up (429) the attempt stays submitted; if the evaluator fails, the attempt stays submitted with `evaluationError` saying why, and can be submitted again.',
        params: idParams,
        body: submitAttemptSchema.optional(),
        response: { 202: attemptEnvelopeSchema, ...errors, 429: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request, reply) => {
      // The evaluator resolves its model and holds its cost exactly as chat does (ADR 0027).
      const attempt = await submitAttempt((fn) => request.asUser(fn), { config, mailer }, request.log, request.params.id, request.body?.answer);
      request.log.info({ event: 'exercise.attempt.submitted', attemptId: attempt.id }, 'attempt submitted for scoring');
      return reply.status(202).send({ attempt });
    },
  );

  // PUT /api/attempts/:id/review lives in the reviews module (per-criterion, §10.1).

  r.put('/api/attempts/:id/share', { schema: { tags, params: idParams, response: { 200: attemptEnvelopeSchema, ...errors } } }, async (request) => ({
    attempt: await request.asUser((ctx) => exercises.shareAttempt(ctx, request.params.id, true)),
  }));
  r.delete('/api/attempts/:id/share', { schema: { tags, params: idParams, response: { 200: attemptEnvelopeSchema, ...errors } } }, async (request) => ({
    attempt: await request.asUser((ctx) => exercises.shareAttempt(ctx, request.params.id, false)),
  }));
  r.get('/api/attempts/:id/readers', { schema: { tags, description: 'Who can read the transcript while it is shared (owner only).', params: idParams, response: { 200: attemptReadersSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => exercises.readers(ctx, request.params.id)),
  );

  r.get('/api/attempts/:id/transcript', { schema: { tags, params: idParams, response: { 200: transcriptSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => exercises.transcript(ctx, request.params.id)),
  );

  // Analytics panels about exercises; same filters and scoping as the other /api/analytics panels.
  const atags = ['analytics'];
  r.get('/api/analytics/exercises', { schema: { tags: atags, querystring: analyticsQuerySchema, response: { 200: exerciseStatsSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => analytics.exerciseStats(ctx, request.query)),
  );
  r.get(
    '/api/analytics/exercises/:id/members',
    { schema: { tags: atags, params: idParams, querystring: analyticsQuerySchema, response: { 200: exerciseMembersSchema, ...errors } } },
    (request) => request.asUser((ctx) => analytics.exerciseMembers(ctx, request.params.id, request.query)),
  );
  r.get('/api/analytics/skills', { schema: { tags: atags, querystring: skillsQuerySchema, response: { 200: skillsSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => analytics.skills(ctx, request.query.userId)),
  );
  r.get(
    '/api/analytics/skills/members',
    { schema: { tags: atags, querystring: memberSkillsQuerySchema, response: { 200: memberSkillsSchema, ...errors } } },
    (request) => request.asUser((ctx) => analytics.memberSkills(ctx, request.query)),
  );
}

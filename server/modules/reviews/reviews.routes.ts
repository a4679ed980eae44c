import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { attemptEnvelopeSchema, attemptSchema } from '../../../contracts/exercises.js';
import {
  appealAttemptSchema,
  certificateStatusSchema,
  reviewAttemptSchema,
  reviewDetailSchema,
  reviewerListSchema,
  reviewQueueQuerySchema,
  reviewQueueSchema,
  revokeCertificateSchema,
} from '../../../contracts/reviews.js';
import { AppError } from '../../lib/app-error.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import type { UserContext } from '../../lib/transactions.js';
import { getAttempt } from '../exercises/exercises.service.js';
import * as reviews from './reviews.service.js';

/** After a review: the attempt as the reviewer may read it (null for a reviewer outside the learner's community) and the review view. */
const reviewedSchema = z.object({ attempt: attemptSchema.nullable(), detail: reviewDetailSchema });

async function visibleAttempt(ctx: UserContext, id: string) {
  try {
    return await getAttempt(ctx, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerReviewRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];
  const { config } = app.services;

  r.get(
    '/api/reviews',
    {
      schema: {
        tags,
        description: 'Attempts waiting for a person, oldest first: admins (every community, or one) and the reviewers they named (their communities).',
        querystring: reviewQueueQuerySchema,
        response: { 200: reviewQueueSchema, ...errors },
      },
    },
    (request) => request.asUser((ctx) => reviews.reviewQueue(ctx, request.query.communityId)),
  );

  r.get('/api/reviews/:id', { schema: { tags, description: 'One attempt to review (its id), with the rubric and the evaluator’s scores.', params: idParams, response: { 200: reviewDetailSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => reviews.reviewDetail(ctx, request.params.id)),
  );

  r.put(
    '/api/attempts/:id/review',
    {
      schema: {
        tags,
        description: 'Per-criterion review: the score is the weighted mean and the pass follows the pass mark. Admins and named reviewers only; audited.',
        params: idParams,
        body: reviewAttemptSchema,
        response: { 200: reviewedSchema, ...errors },
      },
    },
    async (request) => {
      await request.asUser(async (ctx) => {
        const { mails } = await reviews.reviewAttempt(ctx, request.params.id, request.body, config.APP_URL);
        for (const mail of mails) await enqueueMail(ctx, mail);
      });
      return request.asUser(async (ctx) => ({ attempt: await visibleAttempt(ctx, request.params.id), detail: await reviews.reviewDetail(ctx, request.params.id) }));
    },
  );

  r.post(
    '/api/attempts/:id/appeal',
    { schema: { tags, description: 'The learner contests one criterion with a sentence, once per attempt.', params: idParams, body: appealAttemptSchema, response: { 200: attemptEnvelopeSchema, ...errors } } },
    async (request) => {
      await request.asUser(async (ctx) => {
        const { mails } = await reviews.appealAttempt(ctx, request.params.id, request.body, config.APP_URL);
        for (const mail of mails) await enqueueMail(ctx, mail);
      });
      return { attempt: await request.asUser((ctx) => getAttempt(ctx, request.params.id)) };
    },
  );

  r.get('/api/communities/:id/reviewers', { schema: { tags, params: idParams, response: { 200: reviewerListSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => reviews.listReviewers(ctx, request.params.id)),
  );
  r.put('/api/communities/:id/reviewers/:userId', { schema: { tags, description: 'Admins name a reviewer of this community.', params: memberParams, response: { 200: reviewerListSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => reviews.addReviewer(ctx, request.params.id, request.params.userId)),
  );
  r.delete('/api/communities/:id/reviewers/:userId', { schema: { tags, params: memberParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => reviews.removeReviewer(ctx, request.params.id, request.params.userId));
    return reply.status(204).send(null);
  });

  r.post(
    '/api/certificates/:id/revoke',
    { schema: { tags, description: 'Admins; audited. Verification then answers valid: false with revokedAt.', params: idParams, body: revokeCertificateSchema, response: { 200: certificateStatusSchema, ...errors } } },
    (request) => request.asUser((ctx) => reviews.revokeCertificate(ctx, request.params.id, request.body.reason)),
  );
}

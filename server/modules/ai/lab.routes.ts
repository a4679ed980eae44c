import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createUIMessageStream, pipeUIMessageStreamToResponse, type UIMessage } from 'ai';
import { z } from 'zod';
import { compareInputSchema, labModelsSchema, labRunSchema, type LabStreamAnswerData } from '../../../contracts/ai.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import { languageFromHeader } from '../../lib/email-i18n.js';
import { runAsUser } from '../../lib/transactions.js';
import { answerWith } from '../../platform/ai/index.js';
import { requireFeature } from '../flags/flags.service.js';
import { createRun, LAB_MAX_OUTPUT_TOKENS, labModels, labStatus, listRuns, requireLabTargets, saveLabAnswer } from './lab.service.js';
import { answerBudget } from './spend.js';

type LabUIMessage = UIMessage<{ runId?: string }, { answer: LabStreamAnswerData }>;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema, 503: errorBodySchema };

/**
 * The Prompt Lab: one prompt to up to three models side by side. One request streams every answer
 * in parallel as one AI SDK UI message stream, each answer its own text part (`answer-<position>`),
 * closed by a `data-answer` part with its saved id, status and cost.
 */
export function registerLabRoutes(app: FastifyInstance): void {
  const { config, db, limiter, mailer } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sandbox'];
  const budget = answerBudget({ config, mailer });

  r.get('/api/lab/models', { schema: { tags, response: { 200: labModelsSchema, ...errors } } }, (request) => request.asUser((ctx) => labModels(ctx, config)));

  r.get('/api/lab/runs', { schema: { tags, querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }), response: { 200: z.object({ items: z.array(labRunSchema) }), ...errors } } }, async (request) => ({
    items: await request.asUser((ctx) => listRuns(ctx, request.query.limit)),
  }));

  r.post(
    '/api/lab/compare',
    { schema: { tags, description: 'Streams one prompt’s answers from up to three models in parallel (Server-Sent Events); each answer is saved.', body: compareInputSchema, response: errors } },
    async (request, reply) => {
      const claims = await request.requireClaims();
      const { prompt, targets } = request.body;
      const limit = await limiter.hit(`chat:user:${claims.sub}`, config.CHAT_MESSAGES_PER_MINUTE, 60);
      if (!limit.allowed) {
        throw new AppError('rate_limited', `You are sending messages too quickly. Try again in ${limit.retryAfterSeconds} s.`, { headers: { 'retry-after': String(limit.retryAfterSeconds) } });
      }
      const { plan, answers } = await answerWith({
        budget,
        log: request.log,
        event: 'lab.save_failed',
        now: (work) => request.asUser(work),
        later: (work) => runAsUser(db, claims, request.meta(), work),
        prepare: async (ctx) => {
          await requireFeature(ctx, 'sandbox');
          await requireLabTargets(ctx, config, request.body);
          const hold = { source: 'lab' as const, agentId: null, answers: targets.map((choice) => ({ choice, promptBytes: Buffer.byteLength(prompt), maxOutputTokens: LAB_MAX_OUTPUT_TOKENS })) };
          // The offline demo model answers in the member's language: their saved choice, else their browser's.
          const saved = await ctx.db.selectFrom('users').select('language').where('id', '=', ctx.actor.userId).executeTakeFirst();
          return { plan: { runId: await createRun(ctx, prompt), language: saved?.language ?? languageFromHeader(request.headers['accept-language']) }, request: hold };
        },
      });
      const { runId, language } = plan;

      const client = new AbortController();
      const shutdown = app.drain.track();
      reply.raw.on('close', () => {
        shutdown.done();
        if (!reply.raw.writableFinished) client.abort(new Error('client closed the stream'));
      });
      const stream = createUIMessageStream<LabUIMessage>({
        execute: async ({ writer }) => {
          writer.write({ type: 'start', messageMetadata: { runId } });
          await Promise.all(
            answers.map(async (answer, position) => {
              const id = `answer-${position}`;
              writer.write({ type: 'text-start', id });
              const { outcome, saved: stored } = await answer.complete(
                {
                  messages: [{ role: 'user', content: prompt }],
                  maxOutputTokens: LAB_MAX_OUTPUT_TOKENS,
                  clientSignal: client.signal,
                  shutdownSignal: shutdown.signal,
                  stallTimeoutMs: config.AI_STALL_TIMEOUT_MS,
                  language,
                  onDelta: (delta) => writer.write({ type: 'text-delta', id, delta }),
                },
                async (ctx, result, cost) => ({
                  answerId: await saveLabAnswer(ctx, { runId, position, connectionId: answer.resolved.connectionId, connectionName: answer.resolved.connectionName, outcome: result, cost }),
                  cost,
                }),
              );
              const saved = stored ?? { answerId: null, cost: null };
              writer.write({ type: 'text-end', id });
              writer.write({ type: 'data-answer', id, data: { position, answerId: saved.answerId, status: labStatus(outcome.status), error: outcome.error, cost: saved.cost } });
              request.log.info({ event: 'lab.answer.done', runId, position, model: outcome.model, connectionId: answer.resolved.connectionId, status: outcome.status, durationMs: outcome.durationMs }, 'lab answer finished');
            }),
          );
          writer.write({ type: 'finish', finishReason: 'stop' });
        },
        onError: () => 'Something went wrong while answering. The prompt is saved; please retry.',
      });
      reply.hijack();
      const headers: Record<string, string> = { 'x-accel-buffering': 'no', 'cache-control': 'no-cache, no-transform', 'x-request-id': request.id };
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (typeof value === 'string' && !(name in headers)) headers[name] = value;
      }
      await pipeUIMessageStreamToResponse({ response: reply.raw, stream, headers });
    },
  );
}

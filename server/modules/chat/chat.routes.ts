import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pipeUIMessageStreamToResponse } from 'ai';
import { z } from 'zod';
import { sendMessageSchema } from '../../../contracts/conversations.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import { languageFromHeader } from '../../lib/email-i18n.js';
import { runAsUser } from '../../lib/transactions.js';
import { answerWith } from '../../platform/ai/index.js';
import { createAnswerStream } from './answer-stream.js';
import { messagePartitionsJob } from './message-partitions.js';
import { prepareTurn, promptBytes, saveAnswer, type TurnRequest } from './chat.service.js';
import { answerBudget } from '../ai/ai.service.js';
import type { Metrics } from '../../plugins/metrics.js';
import type { KnowledgeRuntime } from '../knowledge/knowledge.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema, 503: errorBodySchema };

export function registerChatRoutes(app: FastifyInstance, metrics: Metrics, knowledge: KnowledgeRuntime): void {
  const { config, db, limiter, mailer } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const budget = answerBudget({ config, mailer });
  app.jobs.every(messagePartitionsJob, 24 * 3600_000, {});

  async function answer(request: FastifyRequest, reply: FastifyReply, conversationId: string, turnRequest: TurnRequest): Promise<void> {
    const claims = await request.requireClaims();
    const limit = await limiter.hit(`chat:user:${claims.sub}`, config.CHAT_MESSAGES_PER_MINUTE, 60);
    if (!limit.allowed) {
      throw new AppError('rate_limited', `You are sending messages too quickly. Try again in ${limit.retryAfterSeconds} s.`, {
        headers: { 'retry-after': String(limit.retryAfterSeconds) },
      });
    }
    // Embedding the question (when a model is configured) is a network call: never inside the transaction.
    const questionEmbedding = turnRequest.kind === 'send' ? await knowledge.embedQuestion(turnRequest.text) : null;
    // The member's message, the model and the budget hold commit together, before any provider call:
    // a refused message (429 budget_exhausted) leaves nothing behind.
    const { plan: turn, answers } = await answerWith({
      budget,
      log: request.log,
      event: 'chat.save_failed',
      now: (work) => request.asUser(work),
      later: (work) => runAsUser(db, claims, request.meta(), work),
      prepare: async (ctx) => {
        const prepared = await prepareTurn(ctx, conversationId, turnRequest, { vectorSupport: knowledge.vectorSupport, questionEmbedding });
        // The offline demo model answers in the member's language: their saved choice, else their browser's.
        const saved = await ctx.db.selectFrom('users').select('language').where('id', '=', ctx.actor.userId).executeTakeFirst();
        return {
          plan: { ...prepared, language: saved?.language ?? languageFromHeader(request.headers['accept-language']) },
          request: {
            source: 'chat',
            agentId: prepared.agent.id,
            answers: [{ choice: { connectionId: prepared.agent.connectionId, model: prepared.agent.model }, promptBytes: promptBytes(prepared), maxOutputTokens: prepared.agent.maxOutputTokens }],
          },
        };
      },
    });
    const [answer] = answers;
    if (!answer) throw new Error('no hold for the answer');
    const resolved = answer.resolved;

    // From here the response is a stream: errors become events in it, never a second response.
    const client = new AbortController();
    const shutdown = app.drain.track();
    reply.raw.on('close', () => {
      shutdown.done();
      if (!reply.raw.writableFinished) client.abort(new Error('client closed the stream'));
    });
    const stream = createAnswerStream({
      turn,
      resolved,
      clientSignal: client.signal,
      shutdownSignal: shutdown.signal,
      stallTimeoutMs: config.AI_STALL_TIMEOUT_MS,
      language: turn.language,
      onFirstToken: (ms) => metrics.aiFirstToken.observe({ model: resolved.modelId }, ms / 1000),
      save: (outcome) => {
        metrics.aiAnswers.inc({ status: outcome.status });
        if (outcome.inputTokens) metrics.aiTokens.inc({ direction: 'input' }, outcome.inputTokens);
        if (outcome.outputTokens) metrics.aiTokens.inc({ direction: 'output' }, outcome.outputTokens);
        request.log.info(
          { event: 'chat.stream.done', conversationId, status: outcome.status, model: outcome.model, connectionId: resolved.connectionId, ttftMs: outcome.timeToFirstTokenMs, durationMs: outcome.durationMs },
          'answer finished',
        );
        return answer.settle(outcome, (ctx, cost) => saveAnswer(ctx, turn.conversationId, outcome, cost));
      },
    });
    request.log.info({ event: 'chat.stream.start', conversationId, model: resolved.modelId }, 'streaming an answer');
    reply.hijack();
    const headers: Record<string, string> = { 'x-accel-buffering': 'no', 'cache-control': 'no-cache, no-transform', 'x-request-id': request.id };
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (typeof value === 'string' && !(name in headers)) headers[name] = value;
    }
    await pipeUIMessageStreamToResponse({ response: reply.raw, stream, headers });
  }

  r.post(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags: ['sandbox'],
        description: 'Saves the message and streams the answer as an AI SDK UI message stream (Server-Sent Events).',
        params: idParams,
        body: sendMessageSchema,
        response: errors,
      },
    },
    (request, reply) => answer(request, reply, request.params.id, { kind: 'send', text: request.body.text, replaceFromMessageId: request.body.replaceFromMessageId }),
  );

  r.post(
    '/api/conversations/:id/regenerate',
    { schema: { tags: ['sandbox'], description: 'Answers the last message again, replacing the previous answer.', params: idParams, response: errors } },
    (request, reply) => answer(request, reply, request.params.id, { kind: 'regenerate' }),
  );
}

import { createUIMessageStream, type UIMessage } from 'ai';
import type { ChatMessageMetadata } from '../../../contracts/conversations.js';
import type { Language } from '../../../contracts/users.js';
import { startProviderSpan } from '../../lib/tracing.js';
import { type ResolvedModel, runAnswer } from '../../platform/ai/index.js';
import type { AnswerOutcome, Turn } from './chat.service.js';

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;

export interface AnswerStreamOptions {
  turn: Turn;
  resolved: ResolvedModel;
  /** Aborted when the client goes away (Stop, closed tab). */
  clientSignal: AbortSignal;
  /** Aborted when the server must stop before the answer is done (a deploy's SIGTERM, past its grace period). */
  shutdownSignal?: AbortSignal;
  stallTimeoutMs: number;
  /** Persists the outcome; its result id is sent to the client in the finish metadata. */
  save: (outcome: AnswerOutcome) => Promise<{ id: string; cost?: number | null } | null>;
  onFirstToken?: (ms: number) => void;
  /** The member's language (saved, else their browser's), which the offline demo model answers in. */
  language?: Language;
}

/** The answer arrived but could not be stored (the database failed meanwhile): it must not look complete. */
export const NOT_SAVED_MESSAGE = 'The answer could not be saved because the database stopped answering, so it is shown as cut off. Copy what you need, then retry.';

/**
 * Streams the agent's answer as an AI SDK UI message stream. What was received is saved with the
 * right status before the stream ends, and the member is told in a sentence.
 */
export function createAnswerStream({ turn, resolved, clientSignal, shutdownSignal, stallTimeoutMs, save, onFirstToken, language }: AnswerStreamOptions) {
  // Started here, in the request's context, so the provider call is a child of the HTTP span.
  const span = startProviderSpan(resolved.modelId, resolved.model.provider);
  return createUIMessageStream<ChatUIMessage>({
    execute: async ({ writer }) => {
      const textId = `text-${turn.userMessageId}`;
      writer.write({
        type: 'start',
        messageMetadata: { model: resolved.modelId, offline: resolved.offline, userMessageId: turn.userMessageId, ...(turn.citations.length > 0 ? { citations: turn.citations } : {}) },
      });
      writer.write({ type: 'text-start', id: textId });
      const outcome = await runAnswer({
        resolved,
        system: turn.system,
        messages: turn.history,
        temperature: turn.agent.temperature,
        maxOutputTokens: turn.agent.maxOutputTokens,
        clientSignal,
        shutdownSignal,
        stallTimeoutMs,
        onFirstToken,
        language,
        onDelta: (delta) => writer.write({ type: 'text-delta', id: textId, delta }),
      });
      span?.end({ status: outcome.status, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, firstTokenMs: outcome.timeToFirstTokenMs, failure: outcome.error });
      const saved = await save({ ...outcome, citations: turn.citations });
      writer.write({ type: 'text-end', id: textId });
      if (!saved) {
        // Shown complete only once stored (issue 27): what was streamed stays on the member's screen,
        // marked as cut off, with Retry.
        writer.write({ type: 'message-metadata', messageMetadata: { status: 'interrupted' } });
        writer.write({ type: 'error', errorText: NOT_SAVED_MESSAGE });
        return;
      }
      const cost = 'cost' in saved ? { cost: saved.cost } : {};
      if (outcome.error) {
        writer.write({ type: 'message-metadata', messageMetadata: { assistantMessageId: saved.id, status: outcome.status, ...cost } });
        writer.write({ type: 'error', errorText: outcome.error });
      } else {
        writer.write({ type: 'finish', finishReason: outcome.status === 'stopped' ? 'other' : 'stop', messageMetadata: { assistantMessageId: saved.id, status: outcome.status, ...cost } });
      }
    },
    onError: () => 'Something went wrong while answering. Your message is saved; please retry.',
  });
}

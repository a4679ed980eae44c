import { performance } from 'node:perf_hooks';
import { APICallError } from '@ai-sdk/provider';
import { createUIMessageStream, type ModelMessage, RetryError, streamText, type UIMessage } from 'ai';
import type { ChatMessageMetadata } from '../../../contracts/conversations.js';
import { startProviderSpan } from '../../lib/tracing.js';
import type { AnswerOutcome, Turn } from './chat.service.js';
import type { ResolvedModel } from './providers.js';

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;

/** A sentence for the member about why the answer failed, without provider internals. */
export function describeProviderError(error: unknown): string {
  const cause = error instanceof RetryError ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === 401 || status === 403) return 'The AI provider refused the platform’s credentials. An administrator needs to check the AI settings.';
    if (status === 429) return 'The AI provider is rate limiting requests right now. Please wait a moment and retry.';
    if (status !== undefined) return `The AI provider returned an error (HTTP ${status}). Your message is saved; please retry.`;
    return 'The AI provider could not be reached. Your message is saved; please retry.';
  }
  return 'The AI provider failed to answer. Your message is saved; please retry.';
}

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
}

/** The answer arrived but could not be stored (the database failed meanwhile): it must not look complete. */
export const NOT_SAVED_MESSAGE = 'The answer could not be saved because the database stopped answering, so it is shown as cut off. Copy what you need, then retry.';

export const INTERRUPTED_MESSAGE = 'The server restarted while answering, so the answer was cut off. What arrived is saved; please retry.';

export interface RunAnswerOptions {
  resolved: ResolvedModel;
  system?: string | undefined;
  messages: ModelMessage[];
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  /** Aborted when the client goes away (Stop, closed tab). */
  clientSignal: AbortSignal;
  /** Aborted when the server must stop before the answer is done. */
  shutdownSignal?: AbortSignal | undefined;
  stallTimeoutMs: number;
  onDelta: (text: string) => void;
  onFirstToken?: ((ms: number) => void) | undefined;
}

export type RunOutcome = Omit<AnswerOutcome, 'citations'>;

/**
 * Runs one answer to its end, whatever happens — the provider finishes, fails, stalls, the member
 * stops or the server shuts down — and reports what was received, the provider's own token counts
 * and, on failure, a sentence for the member. Used by the sandbox chat and each Prompt Lab column.
 */
export async function runAnswer({ resolved, system, messages, temperature, maxOutputTokens, clientSignal, shutdownSignal, stallTimeoutMs, onDelta, onFirstToken }: RunAnswerOptions): Promise<RunOutcome> {
  const provider = new AbortController();
  let stalled = false;
  const onClientAbort = () => provider.abort(clientSignal.reason);
  clientSignal.addEventListener('abort', onClientAbort, { once: true });
  const onShutdown = () => provider.abort(shutdownSignal?.reason);
  shutdownSignal?.addEventListener('abort', onShutdown, { once: true });
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      provider.abort(new Error('stalled'));
    }, stallTimeoutMs);
  };

  const started = performance.now();
  let text = '';
  let firstTokenMs: number | null = null;
  let inputTokens: number | null = null;
  let outputTokens: number | null = null;
  let failure: string | null = null;
  armStallTimer();
  try {
    const result = streamText({
      model: resolved.model,
      ...(system === undefined ? {} : { system }),
      messages,
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
      abortSignal: provider.signal,
      // No silent retries: a failure is shown at once and the member can retry it.
      maxRetries: 0,
      // The error arrives as a stream part below; the SDK's default would console.error the whole
      // provider response, echoed API key included (issue 26).
      onError: () => undefined,
    });
    for await (const part of result.fullStream) {
      armStallTimer();
      if (part.type === 'text-delta') {
        if (firstTokenMs === null) {
          firstTokenMs = Math.round(performance.now() - started);
          onFirstToken?.(firstTokenMs);
        }
        text += part.text;
        onDelta(part.text);
      } else if (part.type === 'finish') {
        inputTokens = part.totalUsage.inputTokens ?? null;
        outputTokens = part.totalUsage.outputTokens ?? null;
      } else if (part.type === 'error') {
        failure = describeProviderError(part.error);
        break;
      } else if (part.type === 'abort') {
        break;
      }
    }
  } catch (error) {
    if (!provider.signal.aborted) failure = describeProviderError(error);
  } finally {
    clearTimeout(stallTimer);
    clientSignal.removeEventListener('abort', onClientAbort);
    shutdownSignal?.removeEventListener('abort', onShutdown);
  }
  if (stalled) failure = 'The AI provider stopped responding, so the answer was cut off. Your message is saved; please retry.';
  const interrupted = !failure && !clientSignal.aborted && shutdownSignal?.aborted === true;
  if (interrupted) failure = INTERRUPTED_MESSAGE;
  const status: AnswerOutcome['status'] = interrupted ? 'interrupted' : failure ? 'error' : clientSignal.aborted ? 'stopped' : 'complete';
  return {
    text,
    status,
    error: failure,
    model: resolved.modelId,
    inputTokens,
    outputTokens,
    timeToFirstTokenMs: firstTokenMs,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Streams the agent's answer as an AI SDK UI message stream. What was received is saved with the
 * right status before the stream ends, and the member is told in a sentence.
 */
export function createAnswerStream({ turn, resolved, clientSignal, shutdownSignal, stallTimeoutMs, save, onFirstToken }: AnswerStreamOptions) {
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

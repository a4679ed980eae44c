import { performance } from 'node:perf_hooks';
import { type ModelMessage, streamText } from 'ai';
import { INTERRUPTED_REASON, providerFailure, STALLED_REASON } from './failures.js';
import type { ResolvedModel } from './providers.js';

/** What a model call ended as: what arrived, the provider's own token counts and, on failure, why (a stored reason code). */
export interface RunOutcome {
  text: string;
  status: 'complete' | 'stopped' | 'error' | 'interrupted';
  error: string | null;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number;
}

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
  /** The member's language: the offline demo model answers in it (a real model follows the member's own words). */
  language?: 'en' | 'es' | undefined;
}

/**
 * Runs one answer to its end, whatever happens — the provider finishes, fails, stalls, the member
 * stops or the server shuts down — and reports what was received, the provider's own token counts
 * and, on failure, a reason code for the member. Used by the sandbox chat and each Prompt Lab column (through answerWith).
 */
export async function runAnswer({ resolved, system, messages, temperature, maxOutputTokens, clientSignal, shutdownSignal, stallTimeoutMs, onDelta, onFirstToken, language }: RunAnswerOptions): Promise<RunOutcome> {
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
      // Read by the offline model only; a provider's request never carries it.
      ...(language === undefined || !resolved.offline ? {} : { providerOptions: { offline: { language } } }),
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
        failure = providerFailure(part.error, resolved.modelId);
        break;
      } else if (part.type === 'abort') {
        break;
      }
    }
  } catch (error) {
    if (!provider.signal.aborted) failure = providerFailure(error, resolved.modelId);
  } finally {
    clearTimeout(stallTimer);
    clientSignal.removeEventListener('abort', onClientAbort);
    shutdownSignal?.removeEventListener('abort', onShutdown);
  }
  if (stalled) failure = STALLED_REASON;
  const interrupted = !failure && !clientSignal.aborted && shutdownSignal?.aborted === true;
  if (interrupted) failure = INTERRUPTED_REASON;
  const status: RunOutcome['status'] = interrupted ? 'interrupted' : failure ? 'error' : clientSignal.aborted ? 'stopped' : 'complete';
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


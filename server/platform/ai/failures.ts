import { APICallError } from '@ai-sdk/provider';
import { RetryError } from 'ai';
import { encodeReason } from '../../../contracts/failure-reasons.js';

/**
 * Why a model call failed, as a stored reason code (contracts/failure-reasons.ts) the web reads in
 * the person's language, without provider internals. One mapping for every AI call: chat, Prompt
 * Lab, the exercise evaluator and calibration record the same code for the same failure.
 */
export function providerFailure(error: unknown, modelId: string): string {
  const cause = error instanceof RetryError ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === 401 || status === 403) return encodeReason('ai_provider_credentials');
    if (status === 404) return encodeReason('ai_provider_model_unknown', { model: modelId });
    if (status === 429) return encodeReason('ai_provider_rate_limited');
    if (status !== undefined) return encodeReason('ai_provider_http', { status });
    return encodeReason('ai_provider_unreachable');
  }
  return encodeReason('ai_provider_failed');
}

export const STALLED_REASON = encodeReason('ai_provider_stalled');
export const INTERRUPTED_REASON = encodeReason('ai_answer_interrupted');

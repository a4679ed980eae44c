import { encodeReason, type FailureReasonCode, type ReasonDetails } from '../../contracts/failure-reasons.js';
import { AppError } from './app-error.js';

/**
 * The stored reason of a failure (contracts/failure-reasons.ts): an AppError keeps its own code and
 * the scalar facts of its details (the web translates `codes.<code>`), anything else the fallback.
 */
export function reasonOf(error: unknown, fallback: FailureReasonCode): string {
  if (!(error instanceof AppError)) return encodeReason(fallback);
  const details: ReasonDetails = {};
  if (error.details !== null && typeof error.details === 'object') {
    for (const [key, value] of Object.entries(error.details)) if (typeof value === 'string' || typeof value === 'number') details[key] = value;
  }
  return encodeReason(error.code, details);
}

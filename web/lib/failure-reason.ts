import { useTranslation } from 'react-i18next';
import { decodeReason, isFailureReasonCode } from '../../contracts/failure-reasons.js';
import { translateServerError } from './http/api-error.js';
import { i18n } from './i18n.js';

/**
 * A reason the server stored (an attempt not scored, an answer that failed, an offline evaluator's
 * note, a calibration run) in the person's language (issue 23): a reason code reads from
 * `errors:reasons.<code>`, an error code from `errors:codes.<code>`, with its facts interpolated.
 * Anything else — a row written before codes, a model's own feedback — is shown as it is.
 */
export function translateReason(stored: string): string {
  const reason = decodeReason(stored);
  if (!reason) return stored;
  if (!isFailureReasonCode(reason.code)) return translateServerError(reason.code, stored, reason.details);
  const key = `errors:reasons.${reason.code}`;
  return i18n.exists(key) ? i18n.t(key, reason.details) : stored;
}

/** translateReason for a component: loads the `errors` strings first and follows a language switch. */
export function useReason(): (stored: string) => string {
  useTranslation('errors');
  return translateReason;
}

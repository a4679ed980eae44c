import { encodeReason, type FailureReasonCode, type ReasonDetails } from '../../../contracts/failure-reasons.js';

/**
 * A file the administrator has to fix. `message` says why in plain English (the upload's refusal,
 * for API clients); `reason` is what the file keeps, a stored reason code the web reads in the
 * administrator's language (issue 23).
 */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  readonly reason: string;

  constructor(message: string, code: FailureReasonCode, details?: ReasonDetails) {
    super(message);
    this.reason = encodeReason(code, details);
  }

  /** One read back from the reader thread, its reason already encoded. */
  static fromReply(message: string, reason: string): UnreadableFileError {
    const error = new UnreadableFileError(message, 'knowledge_read_failed');
    Object.defineProperty(error, 'reason', { value: reason });
    return error;
  }
}

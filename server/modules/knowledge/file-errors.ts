/** A file the administrator has to fix: the message says why in plain words. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

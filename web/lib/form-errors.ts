import type { z } from 'zod';
import { fieldMessage } from './validation-text.js';

/** First message per top-level field, for Mantine's `error` props, in the reader's language. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= fieldMessage({ ...issue, message: issue.message });
  }
  return out;
}

import { i18n } from './i18n.js';

/** A refused field as zod describes it (the web's own check, or the server's `validation_failed` issues). */
export interface IssueFacts {
  code?: string | undefined;
  origin?: string | undefined;
  minimum?: number | bigint | undefined;
  maximum?: number | bigint | undefined;
  format?: string | undefined;
}

const NUMERIC = new Set(['number', 'int', 'bigint']);
const LISTS = new Set(['array', 'set']);

/** The `errors:validation.<key>` that words an issue, by its zod code and facts; null for a contract's own check (code `custom`). */
function issueKey(issue: IssueFacts): string | null {
  const origin = issue.origin ?? '';
  const kind = origin === 'string' ? 'string' : NUMERIC.has(origin) ? 'number' : LISTS.has(origin) ? 'array' : null;
  switch (issue.code) {
    case 'too_small':
      if (kind === 'string' && Number(issue.minimum) === 1) return 'required';
      return kind ? `too_small_${kind}` : null;
    case 'too_big':
      return kind ? `too_big_${kind}` : null;
    case 'invalid_format':
      return issue.format === 'email' ? 'invalid_format_email' : issue.format === 'url' ? 'invalid_format_url' : 'invalid_format';
    case 'invalid_type':
    case 'invalid_value':
      return issue.code;
    default:
      return null;
  }
}

/**
 * A refused field in the reader's language (issue 23), by the zod issue's code and facts: "Debe
 * tener al menos 3 caracteres." Null when the issue has no code to word it by (a contract's own
 * check), or the strings have not arrived yet.
 */
export function issueText(issue: IssueFacts): string | null {
  const key = issueKey(issue);
  if (!key || !i18n.hasLoadedNamespace('errors')) return null;
  const values = { minimum: Number(issue.minimum ?? 0), maximum: Number(issue.maximum ?? 0) };
  return i18n.exists(`errors:validation.${key}`) ? i18n.t(`errors:validation.${key}`, values) : null;
}

/**
 * A field's message for a form: a contract's English sentence stays for an English reader (it was
 * written for people, "Use a YouTube or Vimeo link"); other languages read the issue by its code, or
 * a plain "not valid" for a contract's own check.
 */
export function fieldMessage(issue: IssueFacts & { message: string }): string {
  if (i18n.language.startsWith('en')) return issue.message;
  const worded = issueText(issue);
  if (worded) return worded;
  return i18n.exists('errors:validation.invalid') ? i18n.t('errors:validation.invalid') : issue.message;
}

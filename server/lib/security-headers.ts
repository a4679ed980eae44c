/**
 * The headers an answer carries when it is produced outside the normal request pipeline (Node's
 * connection errors, Fastify's router errors), where helmet's hooks never run. Stricter than helmet's
 * page policy: these answers are never pages.
 */
export const baselineSecurityHeaders: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Deepest nesting of arrays/objects a JSON body may have; real payloads stay far below it. */
export const MAX_JSON_DEPTH = 64;

/**
 * Nesting depth of a JSON text, counted without parsing (strings skipped), so a hostile body is
 * refused before any recursive code (parser, validator) sees it.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 || c === 93) {
      depth -= 1;
    }
  }
  return false;
}

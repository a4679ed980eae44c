import { createHash } from 'node:crypto';

/**
 * What makes two errors "the same": their kind, their message with the variable parts (ids,
 * numbers, quoted values) blanked out, where they happened, and the top stack frame without line
 * numbers or build hashes, so a group survives a redeploy and ids in messages do not split it.
 */

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function normaliseMessage(message: string): string {
  return message
    .replace(uuid, '<id>')
    .replace(/(["'`]).*?\1/g, '<value>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .slice(0, 500);
}

/** A page path with ids blanked: /admin/users/<id>. */
export function normalisePath(urlOrPath: string): string {
  let pathname = urlOrPath;
  try {
    pathname = new URL(urlOrPath, 'http://x').pathname;
  } catch {
    // Not a URL: use it as it is.
  }
  return pathname.replace(uuid, '<id>').replace(/\/\d+(?=\/|$)/g, '/<n>');
}

/** The first "at ..." frame: function and file, no line/column, no query string, no bundle hash. */
export function topFrame(stack: string | null | undefined): string {
  const line = stack?.split('\n').find((l) => /^\s*at\s|@/.test(l));
  if (!line) return '';
  // V8: "at fn (file:1:2)" or "at file:1:2"; Firefox/Safari: "fn@file:1:2".
  const match = /^\s*(?:at\s+)?(?:(.*?)\s*[(@])?([^()@\s]+?)(?::\d+){0,2}\)?\s*$/.exec(line);
  const fn = match?.[1] ?? '';
  const file = (match?.[2] ?? '')
    .replace(/^file:\/\//, '')
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/\?.*$/, '')
    .replace(/-[\w-]{8}\.js$/, '.js')
    .replace(/.*\/(server|web|node_modules)\//, '$1/');
  return [fn, file].filter(Boolean).join(' ');
}

export function fingerprint(parts: { source: string; name: string; message: string; location: string; stack: string | null | undefined }): string {
  return createHash('sha1')
    .update([parts.source, parts.name, normaliseMessage(parts.message), parts.location, topFrame(parts.stack)].join('\n'))
    .digest('hex');
}

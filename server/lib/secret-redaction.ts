/**
 * Keeps API keys out of log output (issue 26): providers echo the key they were sent in their error
 * bodies, and those bodies travel inside error objects (`responseBody`, causes) into log lines. Every
 * key the server decrypts is remembered here, and every log line is scrubbed of remembered keys and of
 * anything shaped like a provider key, whatever path it took.
 */
const remembered = new Set<string>();
const MAX_REMEMBERED = 1_000;
/** Shorter values would match ordinary words; no provider issues keys this short. */
const MIN_SECRET_LENGTH = 8;

/** Provider key shapes (OpenAI/Anthropic `sk-…`, Google `AIza…`, bearer tokens): redacted even if never seen. */
const keyShaped = /\b(?:sk-(?:ant-)?[A-Za-z0-9_-]{12,}|AIza[0-9A-Za-z_-]{30,}|(?:api|key)[-_][A-Za-z0-9_-]{16,})|(?<=Bearer )[A-Za-z0-9._~+/=-]{12,}/g;

export const REDACTED = '[redacted]';

export function rememberSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || remembered.has(secret)) return;
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.values().next().value as string);
  remembered.add(secret);
}

/** The text with every remembered secret (also in its JSON-escaped form) and every key-shaped string replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of remembered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out.replaceAll(keyShaped, REDACTED);
}

/** A log destination that scrubs each line before passing it on (pino writes whole lines). */
export function redactingStream(target: { write(line: string): unknown }): { write(line: string): void } {
  return { write: (line) => void target.write(redactSecrets(line)) };
}

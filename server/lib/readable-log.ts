/**
 * In a terminal a person reads the log: one short line per entry ("14:02:07 INFO  database ready
 * database=pglite version=27") instead of pino's JSON. Anywhere else (a container, a file, a log
 * shipper) the JSON stays as it is (issue 25).
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
// Fields every line has, or that say nothing to a person reading a terminal.
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function describeValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object' && 'message' in value && typeof value.message === 'string') return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

/** One pino JSON line as a readable line; a line that is not JSON is passed through. */
export function readableLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${describeValue(value)}`);
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${[time, level, message, ...fields].filter(Boolean).join('  ')}\n`;
}

export function readableLogStream(out: { write(text: string): unknown }): { write(line: string): void } {
  return { write: (line) => void out.write(readableLogLine(line)) };
}

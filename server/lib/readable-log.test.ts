import { describe, expect, it } from 'vitest';
import { readableLogLine } from './readable-log.js';

describe('readable log lines for a terminal', () => {
  it('turns a pino JSON line into time, level, message and the fields that matter', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 7, 14, 2, 7), pid: 1, hostname: 'vm', event: 'db.migrated', database: 'pglite', version: 27, msg: 'database ready' });
    expect(readableLogLine(line)).toBe('14:02:07  INFO   database ready  event=db.migrated  database=pglite  version=27\n');
  });

  it('quotes text with spaces, shows an error by its message, and passes a line that is not JSON through', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'shutdown failed', err: { type: 'Error', message: 'port in use', stack: '…' }, note: 'two words' });
    expect(readableLogLine(line)).toBe('00:00:00  ERROR  shutdown failed  err="port in use"  note="two words"\n');
    expect(readableLogLine('plain text')).toBe('plain text\n');
  });
});

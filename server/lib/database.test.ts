import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('the embedded database on disk', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-embedded-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is created on first open (initdb on a worker thread) and found again on the next', async () => {
    const dir = path.join(root, 'nested', 'pgdata');
    const first = await openDatabase({ pgliteDir: dir });
    await first.pool.query('create table kept (note text)');
    await first.pool.query("insert into kept values ('still here')");
    await first.close();

    const second = await openDatabase({ pgliteDir: dir });
    const { rows } = await second.pool.query<{ note: string }>('select note from kept');
    expect(rows).toEqual([{ note: 'still here' }]);
    await second.close();
  });

  it('says which folder it could not create the database in', async () => {
    const blocked = path.join(root, 'a-file');
    writeFileSync(blocked, 'not a folder');
    await expect(openDatabase({ pgliteDir: blocked })).rejects.toThrow(`creating the embedded database in ${blocked} failed`);
  });
});

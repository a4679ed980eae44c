import { afterAll, describe, expect, it } from 'vitest';
import type { KnowledgeFile } from '../../../contracts/knowledge.js';
import { createTestApp, seedUser, signIn, sql } from '../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { UNFINISHED_FILE_REASON } from './knowledge-runtime.js';

async function insertFile(database: TestDatabase, name: string, status: 'processing' | 'ready', untouchedFor: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into knowledge_files (name, mime, size_bytes, status, chunk_count, updated_at)
    values (${name}, 'text/plain', 100, ${status}, ${status === 'ready' ? 1 : 0}, now() - ${untouchedFor}::interval)
    returning id`.execute(database.handle.db);
  const id = rows[0]?.id;
  if (!id) throw new Error('no file inserted');
  return id;
}

describe('knowledge files left unread by a restart', () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  it('are marked failed at start-up with a reason to upload them again, and finished files are left alone', async () => {
    database = await createTestDatabase();
    const before = await createTestApp({}, database);
    await seedUser(database, { email: 'admin@example.com', role: 'admin' });
    // What a restart leaves behind: a file whose reading was cut off an hour ago, one cut off a moment
    // ago, and one that finished.
    const stale = await insertFile(database, 'handbook.txt', 'processing', '1 hour');
    const recent = await insertFile(database, 'policy.txt', 'processing', '0 seconds');
    const done = await insertFile(database, 'faq.txt', 'ready', '1 hour');
    await before.close();

    const after = await createTestApp({}, database);
    try {
      const admin = await signIn(after.app, 'admin@example.com');
      const read = async (id: string) =>
        (await after.app.inject({ method: 'GET', url: `/api/knowledge/files/${id}`, headers: admin.auth })).json<{ file: KnowledgeFile & { error?: string | null } }>().file;

      const failed = await read(stale);
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(UNFINISHED_FILE_REASON);
      expect((await read(done)).status).toBe('ready');
      // The embedded database has one server, so every unread file is orphaned; on PostgreSQL another
      // instance may still be reading a file touched in the last 10 minutes.
      expect((await read(recent)).status).toBe(database.handle.kind === 'pglite' ? 'failed' : 'processing');
    } finally {
      await after.close();
    }
    // Two app start-ups on a busy machine.
  }, 120_000);
});

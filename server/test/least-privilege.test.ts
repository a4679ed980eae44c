import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { createTestApp, seedUser, signIn, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The production set-up of ARCHITECTURE §4: the app connects as a login role that is neither
 * superuser nor table owner, only a member of aigym_app; migrations run as the owner.
 */
describe.runIf(process.env.TEST_DB === 'postgres')('running as a least-privilege login role', () => {
  const role = `aigym_login_${randomBytes(4).toString('hex')}`;
  let owner: TestDatabase;
  let appDb: DatabaseHandle;
  let t: TestApp;

  const asServer = async (text: string) => {
    const client = new pg.Client({ connectionString: owner.url });
    await client.connect();
    try {
      return await client.query(text);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    owner = await createTestDatabase();
    await asServer(`create role ${role} login password 'pw' nosuperuser nobypassrls; grant aigym_app to ${role}`);
    const url = new URL(owner.url ?? '');
    url.username = role;
    url.password = 'pw';
    appDb = await openDatabase({ url: url.toString() });
    t = await createTestApp({}, { handle: appDb, drop: async () => undefined });
  });
  afterAll(async () => {
    await t.close();
    await appDb.close();
    await owner.drop();
    await asServer(`drop role if exists ${role}`).catch(() => undefined);
  });

  it('signs in and serves requests under row-level security', async () => {
    await seedUser(owner, { email: 'admin@example.com', role: 'admin' });
    await seedUser(owner, { email: 'member@example.com' });
    const admin = await signIn(t.app, 'admin@example.com');
    const created = await t.app.inject({ method: 'POST', url: '/api/communities', headers: admin.auth, payload: { name: 'Least privilege' } });
    expect(created.statusCode).toBe(201);
    const member = await signIn(t.app, 'member@example.com');
    const list = await t.app.inject({ method: 'GET', url: '/api/communities', headers: member.auth });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('sees no row at all on a code path that never set an identity or role', async () => {
    const { rows } = await appDb.pool.query('select count(*)::int as n from users');
    expect(rows[0]).toEqual({ n: 0 });
    await expect(appDb.pool.query(`insert into communities (name) values ('sneaky')`)).rejects.toThrow(/permission denied|row-level security/);
  });
});

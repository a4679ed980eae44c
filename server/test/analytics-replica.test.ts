import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { privatePostgresAvailable, type PrivatePostgres, startPrivatePostgres, startPrivateReplica } from './private-postgres.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';
import type { TestDatabase } from './test-database.js';

/**
 * ANALYTICS_DATABASE_URL on a real streaming replica of a private cluster (pg_basebackup, hot
 * standby): analytics served from it, the primary used once its replay lags past
 * ANALYTICS_MAX_LAG_SECONDS (replay paused with pg_wal_replay_pause()), and a session revoked on the
 * primary refused at once although the paused replica still holds it as live (issue 28).
 */
describe.runIf(process.env.TEST_DB === 'postgres' && privatePostgresAvailable())('analytics on a streaming replica', () => {
  let primary: PrivatePostgres;
  let replica: PrivatePostgres;
  let handle: DatabaseHandle;
  let replicaHandle: DatabaseHandle;
  let tolerant: TestApp;
  let strict: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let community: string;

  const shared = (): TestDatabase => ({ handle, drop: async () => undefined });
  const members = async (t: TestApp) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/analytics/summary', headers: admin.auth });
    expect(response.statusCode).toBe(200);
    return (response.json() as { members: number }).members;
  };
  const caughtUp = async () => {
    const target = (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(handle.db)).rows[0]?.lsn;
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await sql<{ done: boolean }>`select pg_last_wal_replay_lsn() >= ${target}::pg_lsn as done`.execute(replicaHandle.db);
      if (rows[0]?.done) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not catch up within 10 s');
  };

  beforeAll(async () => {
    primary = await startPrivatePostgres();
    handle = await openDatabase({ url: primary.url, poolMax: 5 });
    await migrate(handle.pool);
    replica = await startPrivateReplica(primary);
    replicaHandle = await openDatabase({ url: replica.url, poolMax: 1 });
    community = await seedCommunity(shared(), 'North');
    await seedUser(shared(), { email: 'admin@example.com', role: 'admin' });
    await seedUser(shared(), { email: 'member@example.com', communities: [{ id: community, role: 'member' }] });
    tolerant = await createTestApp({ ANALYTICS_DATABASE_URL: replica.url, ANALYTICS_MAX_LAG_SECONDS: '3600' }, shared());
    strict = await createTestApp({ ANALYTICS_DATABASE_URL: replica.url, ANALYTICS_MAX_LAG_SECONDS: '1' }, shared());
    admin = await signIn(tolerant.app, 'admin@example.com');
    member = await signIn(tolerant.app, 'member@example.com');
    await caughtUp();
  }, 120_000);
  afterAll(async () => {
    await sql`select pg_wal_replay_resume()`.execute(replicaHandle.db).catch(() => undefined);
    await tolerant?.close();
    await strict?.close();
    await replicaHandle?.close();
    await handle?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it('serves analytics from the replica, and from the primary once the replica lags too far', async () => {
    const before = await members(tolerant);
    expect(await members(strict)).toBe(before);

    await sql`select pg_wal_replay_pause()`.execute(replicaHandle.db);
    await seedUser(shared(), { email: 'newcomer@example.com', communities: [{ id: community, role: 'member' }] });

    // Replay is paused: the tolerant app still reads the replica, which has not seen the newcomer.
    expect(await members(tolerant)).toBe(before);
    // The strict one falls back to the primary once the lag passes one second (it rechecks each second).
    const started = Date.now();
    let fresh = before;
    while (fresh === before && Date.now() - started < 15_000) {
      fresh = await members(strict);
      if (fresh === before) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(fresh).toBe(before + 1);
    expect(await members(tolerant)).toBe(before);

    await sql`select pg_wal_replay_resume()`.execute(replicaHandle.db);
    await caughtUp();
    expect(await members(tolerant)).toBe(before + 1);
  }, 60_000);

  it('checks the session on the primary: a session revoked there is refused though the replica still has it live', async () => {
    const me = () => tolerant.app.inject({ method: 'GET', url: '/api/analytics/me', headers: member.auth });
    expect((await me()).statusCode).toBe(200);
    await sql`select pg_wal_replay_pause()`.execute(replicaHandle.db);
    await sql`update sessions set revoked_at = now(), revoked_reason = 'test' where user_id = ${member.userId}::uuid`.execute(handle.db);
    const onReplica = await sql<{ live: number }>`select count(*)::int as live from sessions where user_id = ${member.userId}::uuid and revoked_at is null`.execute(replicaHandle.db);
    expect(onReplica.rows[0]?.live).toBeGreaterThan(0);
    const refused = await me();
    expect(refused.statusCode).toBe(401);
    await sql`select pg_wal_replay_resume()`.execute(replicaHandle.db);
  }, 60_000);
});

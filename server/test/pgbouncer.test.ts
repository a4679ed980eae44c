import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { pgbouncerAvailable, type PrivatePgBouncer, startPrivatePgBouncer } from './private-pgbouncer.js';
import { createTestApp, seedCommunity, seedUser, signIn, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The server behind PgBouncer in transaction mode (Debian's 1.18, which keeps no prepared
 * statements across transactions), started here on a spare port in front of the test server with
 * two server connections, so every transaction from a pool of ten interleaves on them (issue 28).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
describe.runIf(process.env.TEST_DB === 'postgres' && serverUrl && !process.env.TEST_PGBOUNCER_URL && pgbouncerAvailable())('behind PgBouncer in transaction mode', () => {
  let bouncer: PrivatePgBouncer;
  let database: TestDatabase;
  let pooled: DatabaseHandle;
  const root = path.resolve(import.meta.dirname, '../..');

  beforeAll(async () => {
    const direct = new URL(serverUrl ?? '');
    bouncer = await startPrivatePgBouncer({ host: direct.hostname, port: Number(direct.port || 5432) });
    database = await createTestDatabase();
    pooled = await openDatabase({ url: bouncer.urlFor(database.url ?? ''), poolMax: 10, pooler: 'pgbouncer' });
  }, 60_000);
  afterAll(async () => {
    await pooled?.close();
    await database?.drop();
    bouncer?.destroy();
  });

  it('refuses a statement_timeout in the startup packet, so the server sets its limits inside each transaction', async () => {
    const client = new pg.Client({ connectionString: bouncer.urlFor(database.url ?? ''), statement_timeout: 1000 });
    await expect(client.connect()).rejects.toThrow(/unsupported startup parameter/);
    await client.end().catch(() => undefined);
    const settings = await pooled.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ statement: string; lock: string }>`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`.execute(trx);
      return rows[0];
    });
    expect(settings).toEqual({ statement: '4s', lock: '4s' });
  });

  it('runs frequent statements unnamed when told it is behind a pooler', async () => {
    const run = (handle: DatabaseHandle) =>
      Promise.all(Array.from({ length: 60 }, (_, i) => handle.db.transaction().execute((trx) => trx.selectFrom('users').select('id').where('email', '=', `nobody${i % 3}@example.com`).execute())));
    await expect(run(pooled)).resolves.toHaveLength(60);
    // Not told: names prepared on one server connection are missing on the other. The driver notices
    // from PostgreSQL's answer and stops naming, so the failures end there.
    const undeclared = await openDatabase({ url: bouncer.urlFor(database.url ?? ''), poolMax: 10 });
    try {
      const first = await Promise.allSettled(Array.from({ length: 4 }, () => run(undeclared)));
      expect(first.some((r) => r.status === 'rejected')).toBe(true);
      await expect(run(undeclared)).resolves.toHaveLength(60);
      await expect(run(undeclared)).resolves.toHaveLength(60);
    } finally {
      await undeclared.close();
    }
  }, 60_000);

  it('two communities’ members interleaved on two server connections see only their own community', async () => {
    const shared: TestDatabase = { handle: pooled, drop: async () => undefined };
    const t: TestApp = await createTestApp({ LOGIN_LIMIT_PER_IP: '10000', API_RATE_LIMIT_PER_MINUTE: '100000' }, shared);
    try {
      const communities = { a: await seedCommunity(database, 'North'), b: await seedCommunity(database, 'South') };
      const people = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const community = i % 2 === 0 ? communities.a : communities.b;
          const email = `interleaved${i}@example.com`;
          await seedUser(database, { email, communities: [{ id: community, role: 'member' }] });
          return { community, auth: (await signIn(t.app, email)).auth };
        }),
      );
      // Waves of 16 (each person twice) on the client's ten connections over PgBouncer's two: every
      // transaction takes whichever server connection is free, so identities alternate on each.
      // A wave, not one burst of 160, so a loaded machine does not turn waits into 503s.
      for (let wave = 0; wave < 10; wave += 1) {
        const probes = [...people, ...people];
        const answers = await Promise.all(probes.map((person) => t.app.inject({ method: 'GET', url: '/api/communities', headers: person.auth })));
        for (const [i, answer] of answers.entries()) {
          expect(answer.statusCode).toBe(200);
          const ids = (answer.json() as { items: Array<{ id: string }> }).items.map((c) => c.id);
          expect(ids).toEqual([probes[i]?.community]);
        }
      }
    } finally {
      await t.close();
    }
  }, 120_000);

  it('passes the RLS matrix, the community-scope isolation tests and the concurrency test through it', async () => {
    // As many server connections as the client pool has: PgBouncer still hands each transaction
    // whichever is free (identities alternate on them), and the concurrency test's burst of ~400 is
    // not also queued by the pooler on a loaded machine (the two-connection case is the test above).
    const direct = new URL(serverUrl ?? '');
    const wider = await startPrivatePgBouncer({ host: direct.hostname, port: Number(direct.port || 5432) }, { poolSize: 10 });
    const result = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--project', 'server:postgres', 'server/test/rls-matrix.test.ts', 'server/test/concurrency.test.ts', 'server/modules/analytics/community-scope.test.ts'],
      { cwd: root, env: { ...process.env, TEST_PGBOUNCER_URL: wider.urlFor(serverUrl ?? '') }, encoding: 'utf8', timeout: 600_000 },
    );
    wider.destroy();
    const output = `${result.stdout}${result.stderr}`;
    expect(output, output.slice(-4000)).toMatch(/Test Files\s+.*3 passed/);
    expect(result.status, output.slice(-4000)).toBe(0);
  }, 620_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { privatePostgresAvailable, type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';
import { createTestApp, errorCode, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';

/** The database going away under load: answers 503 quickly, the process stays up, and recovers alone. */
describe.runIf(process.env.TEST_DB === 'postgres' && privatePostgresAvailable())('when PostgreSQL stops under load', () => {
  let server: PrivatePostgres;
  let handle: DatabaseHandle;
  let t: TestApp;
  let member: SignedIn;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    handle = await openDatabase({ url: server.url, poolMax: 5 });
    await migrate(handle.pool);
    t = await createTestApp({}, { handle, drop: async () => undefined });
    await seedUser({ handle, drop: async () => undefined }, { email: 'steady@example.com' });
    member = await signIn(t.app, 'steady@example.com');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await handle?.close().catch(() => undefined);
    server?.destroy();
  });

  const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: member.auth });

  it('answers every request 503 within 2 s while it is down, then recovers by itself within 5 s', async () => {
    expect((await me()).statusCode).toBe(200);
    // Load in flight while the server stops.
    const inFlight = Array.from({ length: 20 }, () => me());
    server.stop();
    const during = await Promise.all([...inFlight, ...Array.from({ length: 20 }, async () => {
      const started = Date.now();
      const response = await me();
      return Object.assign(response, { elapsed: Date.now() - started });
    })]);
    for (const response of during) {
      expect([200, 503]).toContain(response.statusCode);
      if (response.statusCode === 503) expect(errorCode(response)).toBe('database_unavailable');
    }
    const timed = during.slice(20) as Array<(typeof during)[number] & { elapsed: number }>;
    for (const response of timed) {
      expect(response.statusCode).toBe(503);
      expect(response.elapsed).toBeLessThan(2500);
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    server.start();
    const restarted = Date.now();
    let recovered = false;
    while (!recovered && Date.now() - restarted < 5000) {
      recovered = (await me()).statusCode === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
    expect(Date.now() - restarted).toBeLessThan(5000);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorGroup } from '../../../contracts/error-groups.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { errorCode, seedUser, signIn, TEST_SECRET, type SignedIn } from '../../test/test-app.js';

/** Waits for the fire-and-forget recording that follows a response. */
async function groupsUntil(app: FastifyInstance, admin: SignedIn, ready: (items: ErrorGroup[]) => boolean, query = ''): Promise<ErrorGroup[]> {
  for (let i = 0; i < 100; i += 1) {
    const items = (await app.inject({ method: 'GET', url: `/api/error-groups${query}`, headers: admin.auth })).json<{ items: ErrorGroup[] }>().items;
    if (ready(items)) return items;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the error groups never reached the expected state');
}

describe('error groups', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let admin: SignedIn;
  let member: SignedIn;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-errors-'));
    const config = loadConfig({ AUTH_SECRET: TEST_SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', MFA_REQUIRED_FOR: 'none' });
    app = await buildApp(config, { database: database.handle, webDir: path.join(dataDir, 'no-web') });
    // A route that fails the way a bug does, with an id in its message that must not split the group.
    app.get('/api/test/broken/:id', async (request) => {
      throw new TypeError(`Cannot read properties of undefined (reading 'title') for ${(request.params as { id: string }).id}`);
    });
    await app.ready();
    await seedUser(database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(database, { email: 'member@example.com' });
    admin = await signIn(app, 'admin@example.com');
    member = await signIn(app, 'member@example.com');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('groups an error thrown in a route into one entry with its count, first and last seen and last request id', async () => {
    const ids = ['3f2a1b7c-1111-4222-8333-444455556666', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', '12345678-1234-4234-8234-123456789012'];
    for (const [i, id] of ids.entries()) {
      const response = await app.inject({ method: 'GET', url: `/api/test/broken/${id}`, headers: { 'x-request-id': `broken-${i}` } });
      expect(response.statusCode).toBe(500);
      expect(errorCode(response)).toBe('internal_error');
      // Errors are recorded after the answer is sent: wait for each, so "last" means the last sent.
      await groupsUntil(app, admin, (all) => all.some((g) => g.source === 'server' && g.count === i + 1));
    }
    const items = await groupsUntil(app, admin, (all) => all.some((g) => g.source === 'server' && g.count === 3));
    const server = items.filter((g) => g.source === 'server');
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ name: 'TypeError', location: 'GET /api/test/broken/:id', count: 3, lastRequestId: 'broken-2' });
    expect(server[0]?.message).toContain(ids[2]);
    expect(Date.parse(server[0]?.firstSeen ?? '')).toBeLessThanOrEqual(Date.parse(server[0]?.lastSeen ?? ''));
    expect(server[0]?.stack).toContain('TypeError');
  });

  it('does not group what is the client’s fault (4xx)', async () => {
    await app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: admin.auth });
    await app.inject({ method: 'GET', url: '/api/nothing-here', headers: admin.auth });
    const items = await groupsUntil(app, admin, () => true);
    expect(items.every((g) => g.location.includes('/api/test/broken'))).toBe(true);
  });

  it('groups crashes reported by the web app by message and page, ids blanked', async () => {
    for (const id of ['3f2a1b7c-1111-4222-8333-444455556666', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/client-errors',
        headers: member.auth,
        payload: { message: 'TypeError: x.map is not a function', stack: 'TypeError: x.map is not a function\n    at List (https://gym.example.com/assets/list-AbCd1234.js:1:99)', url: `https://gym.example.com/admin/users/${id}` },
      });
      expect(response.statusCode).toBe(204);
    }
    const items = await groupsUntil(app, admin, (all) => all.some((g) => g.source === 'client' && g.count === 2), '?source=client');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'client', name: 'TypeError', location: '/admin/users/<id>', count: 2 });
  });

  it('never groups anonymous reports: they are logged, limited per address, and kept apart (issue 26)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await app.inject({ method: 'POST', url: '/api/client-errors', remoteAddress: '203.0.113.9', payload: { message: `Error: anonymous ${i} visit https://evil.example/${i}`, url: `https://gym.example.com/login?${i}` } });
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((s) => s === 204)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const groups = await groupsUntil(app, admin, () => true, '?source=client');
    expect(groups.some((g) => g.message.includes('anonymous'))).toBe(false);
  });

  it('refuses the list to members, and the app role cannot write groups directly', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/error-groups', headers: member.auth });
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('forbidden');
    const seen = await database.handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${member.userId}::text, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from error_groups`.execute(trx);
      return rows[0]?.n;
    });
    expect(seen).toBe(0);
    const forged = database.handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${admin.userId}::text, true), set_config('app.role', 'admin', true), set_config('role', 'aigym_app', true)`.execute(trx);
      await sql`update error_groups set count = 0`.execute(trx);
    });
    await expect(forged).rejects.toThrow(/permission denied/);
  });

  it('lets an admin resolve a group; resolving it again is 404', async () => {
    const [group] = await groupsUntil(app, admin, (all) => all.length > 0, '?source=server');
    const fp = group?.fingerprint ?? '';
    expect((await app.inject({ method: 'DELETE', url: `/api/error-groups/${fp}`, headers: member.auth })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/error-groups/${fp}`, headers: admin.auth })).statusCode).toBe(204);
    const again = await app.inject({ method: 'DELETE', url: `/api/error-groups/${fp}`, headers: admin.auth });
    expect(again.statusCode).toBe(404);
    expect(errorCode(again)).toBe('not_found');
  });

  it('does not group the 503s a restart answers while draining (issue 26)', async () => {
    const rows = () => database.handle.db.selectFrom('error_groups').select('fingerprint').execute();
    const before = (await rows()).length;
    (app as unknown as { drain: { shutdown(graceMs: number, saveMs?: number): Promise<unknown> } }).drain.shutdown(0, 0).catch(() => undefined);
    const during = await app.inject({ method: 'GET', url: '/api/auth/me', headers: member.auth });
    expect(during.statusCode).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rows()).length).toBe(before);
  });
});

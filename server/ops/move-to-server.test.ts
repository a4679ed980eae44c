import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommunities, DEMO_PASSWORD } from '../cli/demo-data.js';
import { seedDemo } from '../cli/seed-demo.js';
import { createTestApp, refreshCookieOf } from '../test/test-app.js';
import { acquireLock } from '../lib/data-dir-lock.js';
import { openDatabase } from '../lib/database.js';
import { listTables } from './embedded-backup.js';
import { moveToServer } from './move-to-server.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const ADMIN = { adminEmail: 'admin@demo.example', adminPassword: 'a-long-demo-admin-password' };

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** What a person sees through the API: the same answers before and after the move. */
async function view(app: FastifyInstance, email: string, password: string) {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(login.statusCode).toBe(200);
  const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode).toBe(200);
    return response.json<{ items?: Array<{ id: string; title?: string; name?: string }> }>();
  };
  const ids = (body: { items?: Array<{ id: string }> }) => (body.items ?? []).map((i) => i.id).sort();
  return {
    content: ids(await get('/api/content?limit=100')),
    communities: ids(await get('/api/communities?limit=100')),
    // Signing in just now is the one thing that differs.
    me: JSON.stringify(await get('/api/auth/me')).replace(/"lastLoginAt":"[^"]*"/, ''),
    session: { headers, cookie: refreshCookieOf(login) },
  };
}

describe.runIf(serverUrl && process.env.TEST_DB === 'postgres')('moving an embedded installation to a PostgreSQL server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-move-'));
  const name = `aigym_t_move_${randomBytes(5).toString('hex')}`;
  let targetUrl = '';
  const manager = demoCommunities[0]?.manager.email ?? '';

  beforeAll(async () => {
    const url = new URL(serverUrl ?? '');
    await sql(url.toString(), `create database ${name}`);
    url.pathname = `/${name}`;
    targetUrl = url.toString();
    const source = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    await seedDemo(source, ADMIN);
    await source.close();
  }, 180_000);

  afterAll(async () => {
    await sql(serverUrl ?? '', `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a demo installation moved to the server signs in and shows the same data; old sessions no longer work', async () => {
    const source = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    const before = await createTestApp({ DATA_DIR: dataDir }, { handle: source, drop: () => source.close() });
    const adminBefore = await view(before.app, ADMIN.adminEmail, ADMIN.adminPassword);
    const managerBefore = await view(before.app, manager, DEMO_PASSWORD);
    // A thumbnail upload the move must carry: its file is in DATA_DIR/uploads, its reference in a row.
    const [first] = adminBefore.content;
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'moved.png'), 'png');
    await source.pool.query(`update content_items set thumbnail_url = '/uploads/moved.png' where id = '${first ?? ''}'`);
    await before.close();
    await source.close();

    const summary = await moveToServer({ dataDir, targetUrl });
    expect(summary.uploadReferences).toBe(1);
    expect(summary.sessionsRevoked).toBeGreaterThanOrEqual(2);
    expect(summary.tables.find((t) => t.table === 'public.content_items')?.rows).toBeGreaterThan(10);

    const target = await openDatabase({ url: targetUrl });
    const after = await createTestApp({ DATA_DIR: dataDir }, { handle: target, drop: () => target.close() });
    try {
      // Tokens and refresh cookies from the embedded installation are refused.
      expect((await after.app.inject({ method: 'GET', url: '/api/auth/me', headers: adminBefore.session.headers })).statusCode).toBe(401);
      const refresh = await after.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: adminBefore.session.cookie } });
      expect(refresh.statusCode).toBe(401);

      const adminAfter = await view(after.app, ADMIN.adminEmail, ADMIN.adminPassword);
      const managerAfter = await view(after.app, manager, DEMO_PASSWORD);
      expect(adminAfter.content).toEqual(adminBefore.content);
      expect(adminAfter.communities).toEqual(adminBefore.communities);
      expect(managerAfter.content).toEqual(managerBefore.content);
      expect(managerAfter.communities).toEqual(managerBefore.communities);
      expect(managerAfter.me).toEqual(managerBefore.me);
      const item = await after.app.inject({ method: 'GET', url: `/api/content/${first ?? ''}`, headers: adminAfter.session.headers });
      expect(item.json<{ thumbnailUrl: string }>().thumbnailUrl).toBe('/uploads/moved.png');
      expect((await after.app.inject({ method: 'GET', url: '/uploads/moved.png' })).statusCode).toBe(200);
      // Identity counters continue after the copied rows: new audit entries can be written.
      const created = await after.app.inject({ method: 'POST', url: '/api/communities', headers: adminAfter.session.headers, payload: { name: 'After the move' } });
      expect(created.statusCode).toBe(201);
    } finally {
      await after.close();
    }
  }, 240_000);

  it('refuses a target that is not empty, the server\'s maintenance database, and a running installation, changing nothing', async () => {
    // The previous test filled the target: a second move must not touch it.
    const tablesBefore = (await sql(targetUrl, `select count(*)::int as n from communities`)).rows[0] as { n: number };
    await expect(moveToServer({ dataDir, targetUrl })).rejects.toThrow(/not empty/);
    const maintenance = new URL(targetUrl);
    maintenance.pathname = '/postgres';
    await expect(moveToServer({ dataDir, targetUrl: maintenance.toString() })).rejects.toThrow(/maintenance database/);
    expect(((await sql(targetUrl, `select count(*)::int as n from communities`)).rows[0] as { n: number }).n).toBe(tablesBefore.n);
    const lock = acquireLock(dataDir, 'server');
    try {
      await expect(moveToServer({ dataDir, targetUrl })).rejects.toThrow(/stop the app first/);
    } finally {
      lock.release();
    }
  });

  it('leaves an empty target empty when the move fails part-way (a referenced upload is missing)', async () => {
    const url = new URL(serverUrl ?? '');
    const other = `aigym_t_move_${randomBytes(5).toString('hex')}`;
    await sql(url.toString(), `create database ${other}`);
    url.pathname = `/${other}`;
    rmSync(path.join(dataDir, 'uploads', 'moved.png'));
    try {
      await expect(moveToServer({ dataDir, targetUrl: url.toString() })).rejects.toThrow(/missing/);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        expect(await listTables(client)).toEqual([]);
      } finally {
        await client.end();
      }
    } finally {
      writeFileSync(path.join(dataDir, 'uploads', 'moved.png'), 'png');
      await sql(serverUrl ?? '', `drop database if exists ${other} with (force)`);
    }
  }, 180_000);
});

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, seedUser, signIn, type TestApp } from './test-app.js';

/**
 * A read of a session seen before is one message: its identity prologue travels with its statement
 * and assumes the role the session had last time (ADR 0048). These check the round trips, and that
 * the assumption never outlives the database's word: a changed role or an ended session is
 * answered as it would be without it.
 */
describe('reads in one round trip', () => {
  let t: TestApp;
  let admin: SignedIn;
  const sent: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const pool = t.database.handle.pool as pg.Pool;
    const wrapped = new WeakSet<pg.PoolClient>();
    pool.on('acquire', (client) => {
      if (wrapped.has(client)) return;
      wrapped.add(client);
      const original = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown }).text));
        return original(...args);
      };
    });
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
  });
  afterAll(async () => {
    await t.close();
  });

  const me = async () => {
    sent.length = 0;
    return t.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin.auth });
  };

  it('sends a known session’s read as one message, with no BEGIN or COMMIT', async () => {
    expect((await me()).statusCode).toBe(200);
    const second = await me();
    expect(second.statusCode).toBe(200);
    expect(second.json<{ user: { role: string } }>().user.role).toBe('admin');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^set transaction read only/);
    expect(sent[0]).not.toMatch(/\b(begin|commit)\b/i);
  });

  it('answers with the role the database has now, not the one it had last time', async () => {
    await me();
    await t.database.handle.db.updateTable('users').set({ role: 'member' }).where('email', '=', 'admin@example.com').execute();
    const after = await me();
    expect(after.statusCode).toBe(200);
    expect(after.json<{ user: { role: string } }>().user.role).toBe('member');
    // The assumed role was refused, so the request ran again the ordinary way.
    expect(sent.length).toBeGreaterThan(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: admin.auth })).statusCode).toBe(403);
    await t.database.handle.db.updateTable('users').set({ role: 'admin' }).where('email', '=', 'admin@example.com').execute();
  });

  it('refuses a suspended user’s read although the session was seen active', async () => {
    expect((await me()).statusCode).toBe(200);
    await t.database.handle.db.updateTable('users').set({ status: 'suspended' }).where('email', '=', 'admin@example.com').execute();
    const refused = await me();
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain('admin@example.com');
  });
});

import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, seedUser, TEST_PASSWORD, type TestApp } from '../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';

// Unique per run: Redis outlives a test run, and both database projects share it.
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const login = (app: TestApp, email: string, password: string, ip: string) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('sign-in throttling in one instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '5', LOGIN_LIMIT_PER_IP: '12' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once one address has failed too often at one account, but not the owner elsewhere', async () => {
    await seedUser(t.database, { email: 'target@example.com' });
    const attacker = randomIp();
    for (let i = 0; i < 5; i += 1) {
      expect((await login(t, 'target@example.com', 'wrong password', attacker)).statusCode).toBe(401);
    }
    const blocked = await login(t, 'target@example.com', TEST_PASSWORD, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(errorCode(blocked)).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(t, 'target@example.com', TEST_PASSWORD, randomIp())).statusCode).toBe(200);
  });

  it('answers 429 with Retry-After once one address has failed too often, across accounts', async () => {
    const ip = randomIp();
    for (let i = 0; i < 12; i += 1) {
      expect((await login(t, `nobody${i}@example.com`, 'whatever', ip)).statusCode).toBe(401);
    }
    const blocked = await login(t, 'someone-else@example.com', 'whatever', ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(t, 'someone-else@example.com', 'whatever', randomIp())).statusCode).toBe(401);
  });

  it('counts refreshes apart from sign-ins, so page loads behind one address do not lock people out', async () => {
    await seedUser(t.database, { email: 'office@example.com' });
    const ip = randomIp();
    const signedIn = await login(t, 'office@example.com', TEST_PASSWORD, ip);
    let cookie = signedIn.cookies.find((c) => c.name === 'aigym_refresh')?.value ?? '';
    for (let i = 0; i < 20; i += 1) {
      const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: cookie }, remoteAddress: ip });
      expect(refreshed.statusCode).toBe(200);
      cookie = refreshed.cookies.find((c) => c.name === 'aigym_refresh')?.value ?? '';
    }
    expect((await login(t, 'office@example.com', TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('a successful sign-in clears the failures that address counted against the account', async () => {
    await seedUser(t.database, { email: 'forgetful@example.com' });
    const ip = randomIp();
    for (let i = 0; i < 4; i += 1) await login(t, 'forgetful@example.com', 'wrong', ip);
    expect((await login(t, 'forgetful@example.com', TEST_PASSWORD, ip)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await login(t, 'forgetful@example.com', 'wrong', ip)).statusCode).toBe(401);
  });

  it('successful sign-ins never count: many people behind one address all get in', async () => {
    const ip = randomIp();
    for (let i = 0; i < 15; i += 1) {
      const email = `room${i}@example.com`;
      await seedUser(t.database, { email });
      expect((await login(t, email, TEST_PASSWORD, ip)).statusCode).toBe(200);
    }
  });

  it('throttles password-reset requests per account without revealing whether it exists', async () => {
    const forgot = (email: string) => t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email }, remoteAddress: randomIp() });
    for (let i = 0; i < 5; i += 1) expect((await forgot('ghost@example.com')).statusCode).toBe(202);
    const blocked = await forgot('ghost@example.com');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });
});

describe('a workshop room and a hostile visitor', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Production defaults for the limits under test, named so a change of default cannot hide here.
    t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '1200', LOGIN_LIMIT_PER_IP: '30', LOGIN_LIMIT_PER_ACCOUNT: '5', LOGIN_ACCOUNT_FAILURES_PER_HOUR: '100' });
  });
  afterAll(() => t.close());

  it('100 members sign in from one address within a minute and make 30 requests each without a 429', async () => {
    const office = randomIp();
    const members = await Promise.all(Array.from({ length: 100 }, (_, i) => seedUser(t.database, { email: `member${i}@room.example` })));
    const tokens: string[] = [];
    for (let batch = 0; batch < 100; batch += 10) {
      const responses = await Promise.all(members.slice(batch, batch + 10).map((m) => login(t, m.email, TEST_PASSWORD, office)));
      for (const r of responses) {
        expect(r.statusCode).toBe(200);
        tokens.push(r.json<{ accessToken: string }>().accessToken);
      }
    }
    const statuses = new Map<number, number>();
    // Twenty at a time: a room clicks together, but the connection pool's size is not under test here.
    for (let round = 0; round < 30; round += 1) {
      for (let batch = 0; batch < tokens.length; batch += 20) {
        const responses = await Promise.all(
          tokens
            .slice(batch, batch + 20)
            .map((token) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` }, remoteAddress: office })),
        );
        for (const r of responses) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      }
    }
    // 3,000 requests from one address: far past the per-address ceiling, within each person's.
    expect(Object.fromEntries(statuses)).toEqual({ 200: 3000 });
  }, 120_000);

  it('anonymous requests are still limited per address', async () => {
    const small = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '5' }, t.database);
    try {
      const ip = randomIp();
      const codes: number[] = [];
      for (let i = 0; i < 6; i += 1) codes.push((await small.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: ip })).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
      // A forged token is anonymous too: it cannot buy a fresh budget.
      const forged = await small.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer a.b.c' }, remoteAddress: ip });
      expect(forged.statusCode).toBe(429);
    } finally {
      await small.close();
    }
  });

  it("an attacker's failures from 20 addresses do not stop the owner, and the account's hourly cap still holds", async () => {
    const owner = await seedUser(t.database, { email: 'owner@room.example' });
    const ownerHome = randomIp();
    const first = await login(t, owner.email, TEST_PASSWORD, ownerHome);
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'aigym_device')?.value ?? '';
    expect(device).not.toBe('');

    const attackers = Array.from({ length: 20 }, () => randomIp());
    for (const ip of attackers) {
      for (let i = 0; i < 4; i += 1) expect((await login(t, owner.email, `guess ${ip} ${i}`, ip)).statusCode).toBe(401);
    }
    // 80 failures from elsewhere: the owner, from an address that has not failed, still gets in.
    expect((await login(t, owner.email, TEST_PASSWORD, randomIp())).statusCode).toBe(200);

    // 20 more reach the cap of 100 failures an hour; from then on no address may guess at this account.
    for (const ip of attackers) expect((await login(t, owner.email, 'one more guess', ip)).statusCode).toBe(401);
    for (let i = 0; i < 3; i += 1) {
      const fresh = await login(t, owner.email, 'guess from a new address', randomIp());
      expect(fresh.statusCode).toBe(429);
      expect(errorCode(fresh)).toBe('rate_limited');
    }
    // A browser that has signed in to the account before keeps its own budget.
    const trusted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: owner.email, password: TEST_PASSWORD },
      cookies: { aigym_device: device },
      remoteAddress: randomIp(),
    });
    expect(trusted.statusCode).toBe(200);
    // A device cookie made for another account, or tampered with, buys nothing.
    const other = await seedUser(t.database, { email: 'other@room.example' });
    const otherDevice = (await login(t, other.email, TEST_PASSWORD, randomIp())).cookies.find((c) => c.name === 'aigym_device')?.value ?? '';
    for (const cookie of [otherDevice, `${device}x`]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: owner.email, password: TEST_PASSWORD },
        cookies: { aigym_device: cookie },
        remoteAddress: randomIp(),
      });
      expect(refused.statusCode).toBe(429);
    }
  }, 120_000);
});

describe.runIf(process.env.REDIS_URL)('sign-in throttling across two instances sharing Redis', () => {
  let shared: TestDatabase;
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    shared = await createTestDatabase();
    const env = { REDIS_URL: process.env.REDIS_URL ?? '', LOGIN_LIMIT_PER_ACCOUNT: '4', LOGIN_LIMIT_PER_IP: '1000' };
    one = await createTestApp(env, shared);
    two = await createTestApp(env, shared);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await shared.drop();
  });

  it('counts failures made on one instance against sign-ins on the other', async () => {
    const email = `shared-${randomUUID()}@example.com`;
    await seedUser(shared, { email });
    const ip = randomIp();
    for (let i = 0; i < 2; i += 1) expect((await login(one, email, 'wrong', ip)).statusCode).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await login(two, email, 'wrong', ip)).statusCode).toBe(401);
    const blocked = await login(one, email, TEST_PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect((await login(two, email, TEST_PASSWORD, ip)).statusCode).toBe(429);
  });

  it('a session started on one instance works on the other, and logout on one is honoured by the other', async () => {
    const email = `roaming-${randomUUID()}@example.com`;
    await seedUser(shared, { email });
    const signedIn = await login(one, email, TEST_PASSWORD, randomIp());
    const { accessToken } = signedIn.json<{ accessToken: string }>();
    const auth = { authorization: `Bearer ${accessToken}` };
    expect((await two.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).statusCode).toBe(200);
    expect((await one.app.inject({ method: 'POST', url: '/api/auth/logout', headers: auth })).statusCode).toBe(204);
    expect((await two.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).statusCode).toBe(401);
  });
});

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

  it('answers 429 with Retry-After once one account has failed too often, even from other addresses', async () => {
    await seedUser(t.database, { email: 'target@example.com' });
    for (let i = 0; i < 5; i += 1) {
      expect((await login(t, 'target@example.com', 'wrong password', randomIp())).statusCode).toBe(401);
    }
    const blocked = await login(t, 'target@example.com', TEST_PASSWORD, randomIp());
    expect(blocked.statusCode).toBe(429);
    expect(errorCode(blocked)).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 429 with Retry-After once one address has tried too often, across accounts', async () => {
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

  it('a successful sign-in clears the failures counted against the account', async () => {
    await seedUser(t.database, { email: 'forgetful@example.com' });
    for (let i = 0; i < 4; i += 1) await login(t, 'forgetful@example.com', 'wrong', randomIp());
    expect((await login(t, 'forgetful@example.com', TEST_PASSWORD, randomIp())).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await login(t, 'forgetful@example.com', 'wrong', randomIp())).statusCode).toBe(401);
  });

  it('throttles password-reset requests per account without revealing whether it exists', async () => {
    const forgot = (email: string) => t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email }, remoteAddress: randomIp() });
    for (let i = 0; i < 5; i += 1) expect((await forgot('ghost@example.com')).statusCode).toBe(202);
    const blocked = await forgot('ghost@example.com');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });
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
    for (let i = 0; i < 2; i += 1) expect((await login(one, email, 'wrong', randomIp())).statusCode).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await login(two, email, 'wrong', randomIp())).statusCode).toBe(401);
    const blocked = await login(one, email, TEST_PASSWORD, randomIp());
    expect(blocked.statusCode).toBe(429);
    expect((await login(two, email, TEST_PASSWORD, randomIp())).statusCode).toBe(429);
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

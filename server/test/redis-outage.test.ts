import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparePort } from '../../scripts/staging-local.js';
import { createTestApp, seedUser, TEST_PASSWORD, type TestApp } from './test-app.js';

const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/** A private redis-server on a fixed spare port, so it can be stopped and started again at the same address. */
class PrivateRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.cli('ping').includes('PONG')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  cli(...args: string[]): string {
    try {
      return execFileSync('redis-cli', ['-p', String(this.port), ...args], { stdio: 'pipe' }).toString();
    } catch {
      return '';
    }
  }
}

/**
 * Redis is an accelerator, never a dependency (ADR 0038): with it stopped for 20 s under a steady
 * load of sign-ins and reads, no request fails; limits are counted in process meanwhile (and /readyz
 * and the metric say so), and go back to Redis once it is up again.
 */
describe.runIf(hasRedis)('a Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let base: string;
  const email = `steady-${randomUUID()}@example.com`;

  beforeAll(async () => {
    redis = new PrivateRedis(await sparePort());
    await redis.start();
    // Ceilings far above the load: the limits are still counted (in Redis, then in process), but a fast
    // machine's three tight loops must not reach them — this test is about Redis going away, not limits.
    t = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${redis.port}`, LOGIN_LIMIT_PER_IP: '100000', LOGIN_LIMIT_PER_ACCOUNT: '100000', API_RATE_LIMIT_PER_MINUTE: '1000000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedUser(t.database, { email });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const readyz = async () => (await (await fetch(`${base}/readyz`)).json()) as { status: string; rateLimits?: string };
  const fallbackGauge = async () => /^rate_limit_store_fallback (\d)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1];

  it('keeps answering with Redis stopped for 20 s, then counts in Redis again', async () => {
    const failures: string[] = [];
    let requests = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
        requests += 1;
        if (login.status !== 200) {
          failures.push(`login ${login.status}`);
          continue;
        }
        const { accessToken } = (await login.json()) as { accessToken: string };
        for (let i = 0; i < 3; i += 1) {
          const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
          requests += 1;
          if (me.status !== 200) failures.push(`me ${me.status}`);
        }
      }
    };
    const load = Promise.all([worker(), worker(), worker()]);
    let duringOutage = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await readyz()).toEqual({ status: 'ready', rateLimits: 'redis' });
      await redis.stop();
      const stoppedAt = Date.now();
      const beforeOutage = requests;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await readyz()).toEqual({ status: 'ready', rateLimits: 'in-process (Redis does not answer)' });
      expect(await fallbackGauge()).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 20_000 - (Date.now() - stoppedAt)));
      duringOutage = requests - beforeOutage;
      await redis.start();
      // ioredis reconnects with a growing back-off (at most 2 s); the next count goes to Redis.
      const deadline = Date.now() + 10_000;
      while ((await readyz()).rateLimits !== 'redis' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      // A failed check must not leave the load running past the test (and its Redis behind).
      stop = true;
      await load;
    }

    expect(failures).toEqual([]);
    expect(duringOutage).toBeGreaterThan(30);
    expect(await readyz()).toEqual({ status: 'ready', rateLimits: 'redis' });
    expect(await fallbackGauge()).toBe('0');
    // The counters are in Redis again: the fresh server holds the global keys, and a failed sign-in's.
    const wrong = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong password' }) });
    expect(wrong.status).toBe(401);
    const keys = redis.cli('--scan', '--pattern', 'aigym:*');
    expect(keys).toContain('aigym:rl:login:ip:');
    expect(keys).toContain('aigym:global-rl:');
  }, 60_000);
});

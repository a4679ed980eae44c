import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestApp, errorCode, seedUser, signIn, TEST_SECRET, type TestApp } from './test-app.js';

describe('hostile input answers in the error shape, never 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses JSON nested too deeply with 400, and still takes ordinary JSON', async () => {
    for (const depth of [65, 100_000]) {
      const body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: body });
      expect(response.statusCode, `depth ${depth}`).toBe(400);
      expect(errorCode(response)).toBe('bad_request');
      expect(response.json<{ error: { message: string } }>().error.message).toContain('nested too deeply');
    }
    const nestedInString = JSON.stringify({ email: `${'['.repeat(500)}@example.com`, password: 'whatever it is' });
    const ordinary = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: nestedInString });
    expect(ordinary.statusCode).toBe(400);
    expect(errorCode(ordinary)).toBe('validation_failed');
  });

  it('refuses broken JSON and a __proto__ key with 400', async () => {
    for (const payload of ['{"email":', '{"__proto__":{"admin":true},"email":"a@b.c","password":"x"}']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(errorCode(response)).toBe('bad_request');
    }
  });

  it('answers a malformed URL with 400 in the error shape and the security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/content/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('bad_request');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('marks personal API answers, and API errors, as not to be stored', async () => {
    await seedUser(t.database, { email: 'private@example.com' });
    const me = await signIn(t.app, 'private@example.com');
    const answer = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: me.auth });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toContain('no-store');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).headers['cache-control']).toContain('no-store');
    const content = await t.app.inject({ method: 'GET', url: '/api/content', headers: me.auth });
    expect(content.headers['cache-control']).toContain('no-store');
  });

  it('allows images only from this origin: an image URL in an answer cannot carry data out', async () => {
    const csp = String((await t.app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']);
    const imgSrc = /img-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(imgSrc.split(' ').sort()).toEqual(["'self'", 'blob:', 'data:']);
  });

  it('serves source maps in development and not in production', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-maps-'));
    const webDir = path.join(root, 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)\n//# sourceMappingURL=app.js.map');
    writeFileSync(path.join(webDir, 'assets', 'app.js.map'), '{"version":3}');
    const status = async (nodeEnv: 'development' | 'production') => {
      const config = loadConfig({ AUTH_SECRET: TEST_SECRET, DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent', NODE_ENV: nodeEnv });
      const app = await buildApp(config, { database: t.database.handle, webDir });
      try {
        return [(await app.inject({ method: 'GET', url: '/assets/app.js.map' })).statusCode, (await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode];
      } finally {
        await app.close();
      }
    };
    try {
      expect(await status('development')).toEqual([200, 200]);
      expect(await status('production')).toEqual([404, 200]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

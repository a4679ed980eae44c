import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { TEST_SECRET } from '../test/test-app.js';

/**
 * Contract §10.5: static files never count against a request limit. A cold browser fetches ~90 files
 * for its first page; a room behind one address used to spend the anonymous budget on chunks and
 * see a blank page (issue 25).
 */
describe('files of the web app and the request limit', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let root: string;
  const office = '198.51.100.7';
  const assets = Array.from({ length: 40 }, (_, i) => `chunk-${i}-Ab12Cd34.js`);

  beforeAll(async () => {
    database = await createTestDatabase();
    root = mkdtempSync(path.join(os.tmpdir(), 'aigym-static-limit-'));
    const webDir = path.join(root, 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>AI GYM</title>');
    writeFileSync(path.join(webDir, 'favicon.svg'), '<svg/>');
    for (const name of assets) writeFileSync(path.join(webDir, 'assets', name), `console.log(${JSON.stringify(name)})`);
    // A ceiling of 10 a minute: any static file counted would show at once.
    const config = loadConfig({ AUTH_SECRET: TEST_SECRET, DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent', NODE_ENV: 'test', API_RATE_LIMIT_PER_MINUTE: '10' });
    app = await buildApp(config, { database: database.handle, webDir });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves 30 cold browsers from one address (index.html, every chunk, the icon, client routes) without a 429', async () => {
    const statuses = new Map<number, number>();
    for (let person = 0; person < 30; person += 1) {
      const urls = ['/', '/login', '/dashboard?tab=1', '/favicon.svg', ...assets.map((name) => `/assets/${name}`)];
      const responses = await Promise.all(
        urls.map((url) => app.inject({ method: 'GET', url, headers: { accept: url.startsWith('/assets/') ? '*/*' : 'text/html' }, remoteAddress: office })),
      );
      for (const r of responses) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      expect((await app.inject({ method: 'HEAD', url: `/assets/${assets[0]}`, remoteAddress: office })).statusCode).toBe(200);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 30 * 44 });
  });

  it('still limits API calls from that address, and a path that only looks static does not slip through', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i += 1) codes.push((await app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '203.0.113.9' })).statusCode);
    expect(codes.slice(0, 10).every((code) => code === 401)).toBe(true);
    expect(codes[10]).toBe(429);
    // The same address, other API spellings: counted too.
    expect((await app.inject({ method: 'GET', url: '/api/auth/me?x=/assets/a.js', remoteAddress: '203.0.113.9' })).statusCode).toBe(429);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: {}, remoteAddress: '203.0.113.9' })).statusCode).toBe(429);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompression } from './compression.js';
import { registerWebApp } from './web-app.js';

describe('delivery: precompressed, immutable static files and compressed JSON', () => {
  let app: FastifyInstance;
  let webDir: string;
  const script = `console.log(${JSON.stringify('x'.repeat(5000))});`;
  const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, title: `Item number ${i}` })) };

  beforeAll(async () => {
    webDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>AI GYM</title>');
    writeFileSync(path.join(webDir, 'favicon.svg'), '<svg/>');
    const asset = path.join(webDir, 'assets', 'login-page-BWm7o_xA.js');
    writeFileSync(asset, script);
    // Marked copies: proof that the build's file was sent, not one compressed on the fly.
    writeFileSync(`${asset}.br`, brotliCompressSync(`${script}//br`));
    writeFileSync(`${asset}.gz`, gzipSync(`${script}//gz`));

    app = Fastify();
    await registerCompression(app);
    app.get('/api/big', async () => big);
    app.get('/api/small', async () => ({ ok: true }));
    app.get('/api/stream', (_request, reply) => {
      reply.header('content-type', 'text/event-stream');
      return reply.send(`data: ${'y'.repeat(4000)}\n\n`);
    });
    await registerWebApp(app, webDir, { serveSourceMaps: true });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends the brotli file to a browser that accepts brotli, cached for a year as immutable', async () => {
    const response = await app.inject({ url: '/assets/login-page-BWm7o_xA.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
    expect(response.rawPayload.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(`${script}//br`);
  });

  it('falls back to gzip, and to the plain file, by what the client accepts', async () => {
    const gz = await app.inject({ url: '/assets/login-page-BWm7o_xA.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(`${script}//gz`);
    const plain = await app.inject({ url: '/assets/login-page-BWm7o_xA.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates what is not hashed (the page shell, the icon), so a deploy shows at once', async () => {
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
    const page = await app.inject({ url: '/library', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('compresses JSON over 1 KB and leaves small answers and event streams alone', async () => {
    const bigBr = await app.inject({ url: '/api/big', headers: { 'accept-encoding': 'br, gzip' } });
    expect(bigBr.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(bigBr.rawPayload).toString())).toEqual(big);
    const bigGz = await app.inject({ url: '/api/big', headers: { 'accept-encoding': 'gzip' } });
    expect(bigGz.headers['content-encoding']).toBe('gzip');
    const small = await app.inject({ url: '/api/small', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    const stream = await app.inject({ url: '/api/stream', headers: { 'accept-encoding': 'br, gzip' } });
    expect(stream.headers['content-encoding']).toBeUndefined();
  });
});

import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

/** Writes `chunks` on a raw socket and resolves with everything the server sends until it closes. */
function rawExchange(port: number, chunks: string[]): Promise<{ text: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.on('data', (data) => {
      text += data.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, elapsedMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open: ${text}`));
    }, 15_000);
  });
}

function parse(text: string): { status: number; headers: string; body: { error?: { code?: string; message?: string; requestId?: string } } } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as { error?: { code?: string } } };
}

describe('slow and malformed clients', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('closes a request whose body does not arrive in time with 408 in the error shape', async () => {
    const { text, elapsedMs } = await rawExchange(port, [
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
      '{"email":"slow',
    ]);
    const response = parse(text);
    expect(response.status).toBe(408);
    expect(response.body.error?.code).toBe('request_timeout');
    expect(typeof response.body.error?.requestId).toBe('string');
    expect(response.headers).toContain('x-content-type-options: nosniff');
    expect(elapsedMs).toBeGreaterThanOrEqual(1400);
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('closes a request whose headers do not arrive in time with 408', async () => {
    const { text, elapsedMs } = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ']);
    expect(parse(text).status).toBe(408);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('answers malformed HTTP with 400 in the error shape and the security headers', async () => {
    const { text } = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n']);
    const response = parse(text);
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('bad_request');
    expect(response.headers).toContain("content-security-policy: default-src 'none'");
  });

  it('a request that arrives in time is served as usual', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});

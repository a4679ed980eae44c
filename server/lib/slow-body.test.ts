import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

/**
 * Sends the headers, then one byte of the body every 100 ms (never finishing), and resolves with
 * how long the server kept the connection open; gives up (reports the full wait) after 10 s.
 */
function trickle(port: number, path: string, firstRequests = 0): Promise<{ elapsedMs: number; text: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      // Earlier requests on the same keep-alive connection, answered before the slow one starts.
      for (let i = 0; i < firstRequests; i += 1) socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{`);
      timer = setInterval(() => socket.write('a'), 100);
    });
    socket.on('data', (data) => (text += data.toString('utf8')));
    socket.on('error', () => undefined);
    const finish = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ elapsedMs: Date.now() - started, text });
    };
    socket.on('close', finish);
    setTimeout(finish, 10_000);
  });
}

describe('a trickling request body is closed within REQUEST_TIMEOUT_MS in every state (issue 26)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000', API_RATE_LIMIT_PER_MINUTE: '5', LOGIN_LIMIT_PER_IP: '3' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('on a fresh server', async () => {
    const { elapsedMs } = await trickle(port, '/api/auth/login');
    expect(elapsedMs).toBeLessThan(4_000);
  });

  it('once the address is rate limited (the server answers 429 before reading the body)', async () => {
    for (let i = 0; i < 12; i += 1) {
      await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `x${i}@example.com`, password: 'wrong password' }) });
      await fetch(`http://127.0.0.1:${port}/api/auth/me`);
    }
    const login = await trickle(port, '/api/auth/login');
    expect(login.elapsedMs, login.text.slice(0, 200)).toBeLessThan(4_000);
    const other = await trickle(port, '/api/content');
    expect(other.elapsedMs, other.text.slice(0, 200)).toBeLessThan(4_000);
    const reused = await trickle(port, '/api/auth/login', 50);
    expect(reused.elapsedMs, reused.text.slice(-200)).toBeLessThan(4_000);
  }, 30_000);
});

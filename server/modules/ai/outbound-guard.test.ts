import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiConnection, ConnectionTestResult } from '../../../contracts/ai.js';
import { isNonPublicAddress } from '../../lib/outbound-guard.js';
import { createTestApp, errorCode, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { issuerProblem } from '../sso/oidc-client.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const connection = (baseUrl: string, models = ['m']) => ({ name: `C ${Math.random()}`, provider: 'openai', baseUrl, apiKey: 'sk-test-0123456789abcdef', models });

describe('admin-supplied base URLs cannot reach the server’s own network (issue 26)', () => {
  describe('by default', () => {
    let t: TestApp;
    let admin: SignedIn;
    beforeAll(async () => {
      t = await createTestApp({ AI_ALLOW_PRIVATE_BASE_URLS: 'false' });
      await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
      admin = await signIn(t.app, 'admin@example.com');
    });
    afterAll(async () => t.close());

    it('refuses loopback, private, link-local and IPv6-local addresses, and accepts a public one', async () => {
      for (const baseUrl of ['http://127.0.0.1:5432/v1', 'http://10.1.2.3/v1', 'http://192.168.0.10/v1', 'http://169.254.169.254/latest', 'http://[::1]:8080/v1', 'http://localhost:6379/v1']) {
        const response = await t.app.inject({ method: 'POST', url: '/api/ai/connections', headers: admin.auth, payload: connection(baseUrl) });
        expect(response.statusCode, baseUrl).toBe(400);
        expect(response.json<{ error: { message: string } }>().error.message).toMatch(/private or local network/);
      }
      const ok = await t.app.inject({ method: 'POST', url: '/api/ai/connections', headers: admin.auth, payload: connection('https://93.184.216.34/v1') });
      expect(ok.statusCode, ok.body).toBe(201);
      const moved = await t.app.inject({ method: 'PATCH', url: `/api/ai/connections/${ok.json<AiConnection>().id}`, headers: admin.auth, payload: { baseUrl: 'http://127.0.0.1:9/v1' } });
      expect(errorCode(moved)).toBe('private_address');
    });

    it('refuses model ids that could change a provider URL’s path', async () => {
      for (const model of ['../../v1/files', 'gemini/../x', 'a?b=1', 'a#b', 'a%2e%2e', 'a b']) {
        const response = await t.app.inject({ method: 'POST', url: '/api/ai/connections', headers: admin.auth, payload: connection('https://93.184.216.34/v1', [model]) });
        expect(response.statusCode, model).toBe(400);
      }
    });

    it('classifies addresses, IPv4-mapped IPv6 included', () => {
      expect(isNonPublicAddress('127.0.0.1')).toBe(true);
      expect(isNonPublicAddress('::ffff:10.0.0.1')).toBe(true);
      expect(isNonPublicAddress('fd00::1')).toBe(true);
      expect(isNonPublicAddress('8.8.8.8')).toBe(false);
      expect(isNonPublicAddress('2606:4700::1111')).toBe(false);
    });

    it('accepts an http:// identity provider only outside production', () => {
      expect(issuerProblem('http://127.0.0.1:4000', false)).toBeNull();
      expect(issuerProblem('http://127.0.0.1:4000', true)).toMatch(/https/);
      expect(issuerProblem('https://login.example.com', true)).toBeNull();
    });
  });

  describe('when the operator allows private addresses (local model servers)', () => {
    let t: TestApp;
    let admin: SignedIn;
    let inner: Awaited<ReturnType<typeof listen>>;
    let redirector: Awaited<ReturnType<typeof listen>>;
    let chatty: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      t = await createTestApp({ AI_ALLOW_PRIVATE_BASE_URLS: 'true' });
      await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
      admin = await signIn(t.app, 'admin@example.com');
      inner = await listen((_req, res) => res.end('INNER-SERVICE-SECRET'));
      redirector = await listen((_req, res) => {
        res.writeHead(307, { location: `${inner.url}/admin` });
        res.end();
      });
      chatty = await listen((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('redis_version:7.2.4 INTERNAL-BANNER-TEXT');
      });
    });
    afterAll(async () => {
      await t.close();
      for (const s of [inner, redirector, chatty]) s.server.close();
    });

    async function testOf(baseUrl: string): Promise<ConnectionTestResult> {
      const created = await t.app.inject({ method: 'POST', url: '/api/ai/connections', headers: admin.auth, payload: connection(baseUrl) });
      expect(created.statusCode, created.body).toBe(201);
      const tested = await t.app.inject({ method: 'POST', url: `/api/ai/connections/${created.json<AiConnection>().id}/test`, headers: admin.auth, payload: {} });
      expect(tested.statusCode, tested.body).toBe(200);
      return tested.json<ConnectionTestResult>();
    }

    it('does not follow a redirect (the request is not carried inward)', async () => {
      const result = await testOf(redirector.url);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/redirect \(HTTP 307\)/);
      expect(redirector.hits.length).toBeGreaterThan(0);
      expect(inner.hits).toEqual([]);
    });

    it('does not echo a non-provider reply', async () => {
      const result = await testOf(chatty.url);
      expect(result.ok).toBe(false);
      expect(result.error).not.toMatch(/INTERNAL-BANNER|redis_version/);
    });
  });
});

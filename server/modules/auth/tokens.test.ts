import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, seedUser, signIn, TEST_SECRET, type TestApp } from '../../test/test-app.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Hand-assembles an HS256 token so every claim and header can be wrong on purpose. */
function craft(header: Record<string, unknown>, payload: Record<string, unknown>, secret = TEST_SECRET): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('access tokens', () => {
  let t: TestApp;
  let user: { id: string; sid: string };
  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({ iss: 'aigym', aud: 'aigym-api', sub: user.id, sid: user.sid, iat: now(), exp: now() + 600, jti: randomUUID() });
  const header = { alg: 'HS256', typ: 'at+jwt' };

  beforeAll(async () => {
    t = await createTestApp();
    const seeded = await seedUser(t.database, { email: 'member@example.com' });
    const session = await signIn(t.app, 'member@example.com');
    const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
    user = { id: seeded.id, sid: payload.sid };
  });
  afterAll(() => t.close());

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('accepts a well-formed token for a live session', async () => {
    const response = await me(craft(header, good()));
    expect(response.statusCode).toBe(200);
    expect(response.json<{ user: { id: string } }>().user.id).toBe(user.id);
  });

  const rs256 = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: Array<[string, () => string | Promise<string>]> = [
    ['a token with alg none', () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(good())}.`],
    ['a token signed with another algorithm (RS256)', () => new SignJWT(good()).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).sign(rs256.privateKey)],
    ['a token signed with HS512 and the right secret', async () => new SignJWT(good()).setProtectedHeader({ alg: 'HS512', typ: 'at+jwt' }).sign(new TextEncoder().encode(TEST_SECRET))],
    ['a token signed with a wrong key', () => craft(header, good(), 'another-secret-that-is-also-long-enough-0123456789')],
    ['a token whose signature was tampered with', () => `${craft(header, good()).slice(0, -4)}AAAA`],
    ['a token without sub', () => craft(header, { ...good(), sub: undefined })],
    ['a token without sid', () => craft(header, { ...good(), sid: undefined })],
    ['a token without jti', () => craft(header, { ...good(), jti: undefined })],
    ['a token without exp', () => craft(header, { ...good(), exp: undefined })],
    ['a token with a wrong issuer', () => craft(header, { ...good(), iss: 'someone-else' })],
    ['a token with a wrong audience', () => craft(header, { ...good(), aud: 'another-api' })],
    ['a token with a wrong typ header', () => craft({ alg: 'HS256', typ: 'JWT' }, good())],
    ['an expired token', () => craft(header, { ...good(), iat: now() - 3600, exp: now() - 1800 })],
    ['a token for an unknown user', () => craft(header, { ...good(), sub: randomUUID() })],
    ['a token for an unknown session', () => craft(header, { ...good(), sid: randomUUID() })],
    ['a token whose sub is not a uuid', () => craft(header, { ...good(), sub: "1' or '1'='1" })],
    ['a token that is not a JWT at all', () => 'not-a-token'],
  ];

  it.each(cases)('answers 401 in the error shape, never 500, for %s', async (_name, make) => {
    const response = await me(await make());
    expect(response.statusCode).toBe(401);
    expect(['unauthenticated', 'session_expired']).toContain(errorCode(response));
  });

  it('answers 401 for a request with no token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('unauthenticated');
  });

  it('answers 401 for a token whose session was revoked', async () => {
    const token = craft(header, good());
    expect((await me(token)).statusCode).toBe(200);
    await t.database.handle.db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', user.sid).execute();
    const response = await me(token);
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('unauthenticated');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessTokens } from './tokens.js';

const claims = { sub: '00000000-0000-4000-8000-000000000001', sid: '00000000-0000-4000-8000-000000000002' };
const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('verified access tokens are kept until they expire (ADR 0031)', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a token it verified before, and still refuses it once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = new AccessTokens(secret, 60);
    const token = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'session_expired' });
  });

  it('never answers a changed token from what it kept of the original', async () => {
    const tokens = new AccessTokens(secret, 60);
    const token = await tokens.sign(claims);
    await tokens.verify(token);
    const [head, body, signature = ''] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString()), sub: '00000000-0000-4000-8000-000000000009' })).toString('base64url');
    await expect(tokens.verify(`${head}.${otherBody}.${signature}`)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(tokens.verify(`${token}x`)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('does not keep a token signed with another key', async () => {
    const other = await new AccessTokens('another-secret-that-is-long-enough-9876543210', 60).sign(claims);
    const tokens = new AccessTokens(secret, 60);
    await expect(tokens.verify(other)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(tokens.verify(other)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

import { createHash } from 'node:crypto';
import { Bitstring } from '@digitalbazaar/bitstring';
import jwt, { type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialEnvelope, SigningKey } from '../../../contracts/open-badges.js';
import type { Certificate } from '../../../contracts/programs.js';
import type { SignedIn } from '../../test/test-app.js';
import { testDbKind } from '../../test/test-database.js';
import { assignProgram, buildProgramWorld, createProgram, type ProgramWorld, progress } from '../../test/programs-fixtures.js';

/**
 * Verified from outside, with libraries that share nothing with the signing code (jose): the
 * signature by jsonwebtoken with the key jwks-rsa takes from the live /.well-known/jwks.json, the
 * status list by Digital Bazaar's bitstring decoder. The hashed identity is recomputed here.
 */

const APP = 'https://gym.example.com';

interface StatusEntry { type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string }
interface BadgePayload extends JwtPayload {
  '@context': string[];
  type: string[];
  name: string;
  issuer: { id: string; type: string[]; name: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    type: string[];
    identifier: Array<{ type: string; identityType: string; hashed: boolean; identityHash: string; salt: string }>;
    achievement: { id: string; type: string[]; name: string; description: string; criteria: { narrative: string } };
  };
  credentialStatus: StatusEntry[];
}

describe(`Open Badges 3.0 credentials on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let w: ProgramWorld;
  let mine: Certificate;
  let theirs: Certificate;

  beforeAll(async () => {
    w = await buildProgramWorld({ APP_URL: APP, OPEN_BADGES_ISSUER_NAME: 'Acme Training' });
    const program = await createProgram(w, { title: 'Prompting foundations', status: 'published', steps: [{ contentId: w.ids.doc }], certificate: { enabled: true, validDays: 365 } });
    await assignProgram(w, program.id, [w.ids.A]);
    await progress(w, w.a1, w.ids.doc, 'completed');
    await progress(w, w.a2, w.ids.doc, 'completed');
    const first = async (who: SignedIn) => {
      const [c] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: who.auth })).json<{ items: Certificate[] }>().items;
      if (!c) throw new Error('no certificate');
      return c;
    };
    mine = await first(w.a1);
    theirs = await first(w.a2);
  });
  afterAll(() => w.t.close());

  const get = (url: string, who?: SignedIn) => w.t.app.inject({ method: 'GET', url, headers: who?.auth ?? {} });
  const credentialOf = async (id: string, who: SignedIn = w.a1): Promise<string> => {
    const res = await get(`/api/certificates/${id}/credential`, who);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<CredentialEnvelope>();
    expect(body.mediaType).toBe('application/vc+jwt');
    return body.credential;
  };

  /** jwks-rsa reads the app's JWK Set through the app itself (no cache: each check sees the set as it is now). */
  const jwks = new JwksClient({
    jwksUri: `${APP}/.well-known/jwks.json`,
    cache: false,
    fetcher: async (uri) => {
      expect(uri).toBe(`${APP}/.well-known/jwks.json`);
      const res = await get('/.well-known/jwks.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      return res.json<{ keys: unknown }>();
    },
  });
  const verify = async <T extends JwtPayload>(token: string): Promise<{ header: JwtHeader; payload: T }> => {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new Error('not a JWT');
    const key = await jwks.getSigningKey(decoded.header.kid);
    const payload = jwt.verify(token, key.getPublicKey(), { algorithms: ['RS256'], issuer: `${APP}/api/open-badges/issuer` });
    if (typeof payload === 'string') throw new Error('not a JSON payload');
    return { header: decoded.header, payload: payload as T };
  };
  /** The bit for a credential's status entry, from the live, signed list. */
  const statusBit = async (entry: StatusEntry): Promise<boolean> => {
    expect(entry.statusListCredential.startsWith(APP)).toBe(true);
    const res = await get(entry.statusListCredential.slice(APP.length));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vc+jwt');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const { payload } = await verify<JwtPayload & { type: string[]; credentialSubject: { type: string; statusPurpose: string; encodedList: string } }>(res.body);
    expect(payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(payload.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: entry.statusPurpose });
    const { encodedList } = payload.credentialSubject;
    expect(encodedList[0]).toBe('u'); // multibase: base64url, no padding
    const bits = new Bitstring({ buffer: await Bitstring.decodeBits({ encoded: encodedList.slice(1) }) });
    expect(bits.length).toBeGreaterThanOrEqual(16 * 1024 * 8);
    return bits.get(Number(entry.statusListIndex));
  };
  const entry = (payload: BadgePayload, purpose: string): StatusEntry => {
    const found = payload.credentialStatus.find((s) => s.statusPurpose === purpose);
    if (!found) throw new Error(`no ${purpose} entry`);
    return found;
  };

  let firstCredential = '';
  let firstKid = '';

  it('signs each certificate as an OpenBadgeCredential that an independent verifier accepts', async () => {
    firstCredential = await credentialOf(mine.id);
    const { header, payload } = await verify<BadgePayload>(firstCredential);
    firstKid = header.kid ?? '';
    expect(header).toMatchObject({ alg: 'RS256', typ: 'vc+jwt', kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(payload['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload.issuer).toMatchObject({ id: `${APP}/api/open-badges/issuer`, type: ['Profile'], name: 'Acme Training' });
    expect(payload.jti).toBe(`urn:uuid:${mine.id}`);
    // The issuer id resolves to its Profile, without sign-in.
    expect((await get('/api/open-badges/issuer')).json()).toMatchObject({ id: `${APP}/api/open-badges/issuer`, type: ['Profile'], name: 'Acme Training', url: APP });
    // The certificate's dates, and the JWT's own claims agree with them.
    expect(payload.validFrom).toBe(mine.issuedAt);
    expect(payload.validUntil).toBe(mine.expiresAt);
    expect(payload.nbf).toBe(Math.floor(Date.parse(mine.issuedAt) / 1000));
    expect(payload.exp).toBe(Math.floor(Date.parse(mine.expiresAt ?? '') / 1000));
    expect(payload.credentialSubject.achievement).toMatchObject({ type: ['Achievement'], name: 'Prompting foundations', criteria: { narrative: expect.stringContaining('Prompting basics') } });
    // The holder by hashed email only: recomputed here from the salt it carries.
    const [identity] = payload.credentialSubject.identifier;
    expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(identity?.identityHash).toBe(`sha256$${createHash('sha256').update(`a1@example.com${identity?.salt ?? ''}`).digest('hex')}`);
    expect(Buffer.from(firstCredential.split('.')[1] ?? '', 'base64url').toString()).not.toContain('a1@example.com');
    expect(payload.credentialStatus.map((s) => [s.type, s.statusPurpose])).toEqual([['BitstringStatusListEntry', 'revocation'], ['BitstringStatusListEntry', 'suspension']]);
    expect(await statusBit(entry(payload, 'revocation'))).toBe(false);
    expect(await statusBit(entry(payload, 'suspension'))).toBe(false);
  });

  it('gives the credential to the holder and admins only; anyone else gets 404, no sign-in 401', async () => {
    expect((await get(`/api/certificates/${mine.id}/credential`, w.admin)).statusCode).toBe(200);
    for (const who of [w.a2, w.mA, w.mB, w.b1]) expect((await get(`/api/certificates/${mine.id}/credential`, who)).statusCode).toBe(404);
    expect((await get('/api/certificates/00000000-0000-4000-8000-000000000000/credential', w.admin)).statusCode).toBe(404);
    expect((await get(`/api/certificates/${mine.id}/credential`)).statusCode).toBe(401);
    // The verify page's copy: whoever has the code, no sign-in; an unknown code is 404.
    const byCode = await get(`/api/verify/${mine.code}/credential`);
    expect(byCode.statusCode).toBe(200);
    expect((await verify<BadgePayload>(byCode.json<CredentialEnvelope>().credential)).payload.jti).toBe(`urn:uuid:${mine.id}`);
    expect((await get(`/api/verify/${'x'.repeat(43)}/credential`)).statusCode).toBe(404);
  });

  it('fails a tampered credential and one signed by another key under the same kid', async () => {
    const [h, p, s] = firstCredential.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as BadgePayload;
    payload.name = 'Advanced certification';
    await expect(verify(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`)).rejects.toThrow(/invalid signature/);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload as unknown as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid: firstKid, typ: 'vc+jwt' }).sign(privateKey);
    await expect(verify(forged)).rejects.toThrow(/invalid signature/);
  });

  it('rotates the key (admins only): new credentials carry the new kid, old ones still verify', async () => {
    expect((await w.t.app.inject({ method: 'POST', url: '/api/open-badges/signing-keys/rotate', headers: w.a1.auth })).statusCode).toBe(403);
    const res = await w.t.app.inject({ method: 'POST', url: '/api/open-badges/signing-keys/rotate', headers: w.admin.auth });
    expect(res.statusCode, res.body).toBe(201);
    const { key } = res.json<{ key: SigningKey }>();
    expect(key.kid).not.toBe(firstKid);
    const keys = (await get('/api/open-badges/signing-keys', w.admin)).json<{ items: SigningKey[] }>().items;
    // The old key stays published until the last certificate existing now expires.
    expect(keys.find((k) => k.kid === firstKid)).toMatchObject({ retiredAt: expect.any(String), publishedUntil: theirs.expiresAt });
    expect((await get('/.well-known/jwks.json')).json<{ keys: Array<{ kid: string }> }>().keys.map((k) => k.kid).sort()).toEqual([firstKid, key.kid].sort());

    expect((await verify<BadgePayload>(firstCredential)).header.kid).toBe(firstKid);
    const fresh = await verify<BadgePayload>(await credentialOf(mine.id));
    expect(fresh.header.kid).toBe(key.kid);
  });

  it('shows a suspended certificate in the suspension list, and a revoked one in the revocation list', async () => {
    const { payload } = await verify<BadgePayload>(await credentialOf(mine.id));
    await w.t.database.handle.db.updateTable('certificates').set({ suspended_at: new Date() }).where('id', '=', mine.id).execute();
    expect(await statusBit(entry(payload, 'suspension'))).toBe(true);
    expect(await statusBit(entry(payload, 'revocation'))).toBe(false);
    await w.t.database.handle.db.updateTable('certificates').set({ suspended_at: null }).where('id', '=', mine.id).execute();

    const revoked = await w.t.app.inject({ method: 'POST', url: `/api/certificates/${mine.id}/revoke`, headers: w.admin.auth, payload: { reason: 'Issued in error' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    // The copy already in a wallet now reads revoked; the other holder's does not.
    expect(await statusBit(entry((await verify<BadgePayload>(firstCredential)).payload, 'revocation'))).toBe(true);
    const other = await verify<BadgePayload>(await credentialOf(theirs.id, w.a2));
    expect(await statusBit(entry(other.payload, 'revocation'))).toBe(false);
    // And it is not handed out again.
    expect((await get(`/api/certificates/${mine.id}/credential`, w.a1)).statusCode).toBe(409);
    expect((await get(`/api/verify/${mine.code}/credential`)).statusCode).toBe(409);

    // An erased holder's certificate is gone: its place reads revoked too.
    const erased = await w.t.app.inject({ method: 'POST', url: `/api/users/${w.ids.a2}/erase`, headers: w.admin.auth, payload: { confirmation: 'a2@example.com' } });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await statusBit(entry(other.payload, 'revocation'))).toBe(true);
  });

  it('answers 404 for a status list beyond the places handed out', async () => {
    expect((await get('/api/open-badges/status/revocation/7')).statusCode).toBe(404);
    expect((await get('/api/open-badges/status/other/0')).statusCode).toBe(400);
  });
});

import { generateKeyPair, type JSONWebKeySet } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LtiCheckResult, LtiPlatform as Platform, LtiPlatformList, LtiRosterResult } from '../../../contracts/lti.js';
import { LtiPlatform } from '../../test/lti-platform.js';
import { errorCode, type SignedIn } from '../../test/test-app.js';
import { testDbKind } from '../../test/test-database.js';
import { buildProgramWorld, type ProgramWorld } from '../../test/programs-fixtures.js';

const APP = 'https://gym.example.com';

describe(`LTI 1.3 Advantage, tool side, on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let w: ProgramWorld;
  const toolJwks = async () => (await w.t.app.inject({ method: 'GET', url: '/lti/jwks' })).json<JSONWebKeySet>();
  const lms = new LtiPlatform(toolJwks);
  const otherLms = new LtiPlatform(toolJwks);
  let platformA: Platform;

  beforeAll(async () => {
    await Promise.all([lms.start(), otherLms.start()]);
    w = await buildProgramWorld({ APP_URL: APP });
    // The LMS administrators enter the tool's keyset URL: both platforms read it once.
    await Promise.all([lms.trustToolKeys(), otherLms.trustToolKeys()]);
  });
  afterAll(async () => {
    await w.t.close();
    await Promise.all([lms.stop(), otherLms.stop()]);
  });

  const inject = (who: SignedIn, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    w.t.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const form = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
    return w.t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  };
  /** Login initiation, then the platform's authentication answer (the form it posts to the launch URL). */
  const loginAt = async (platform: LtiPlatform, target: string, claims: Record<string, unknown> = {}, options: Parameters<LtiPlatform['authorize']>[2] = {}) => {
    const login = await form('/lti/login', platform.loginParams(target));
    expect(login.statusCode, login.body).toBe(302);
    return platform.authorize(String(login.headers.location), claims, options);
  };
  const launch = async (platform: LtiPlatform, target: string, claims: Record<string, unknown> = {}, options: Parameters<LtiPlatform['authorize']>[2] = {}) => {
    const { redirectUri, form: fields } = await loginAt(platform, target, claims, options);
    expect(redirectUri).toBe(`${APP}/lti/launch`);
    return { response: await form('/lti/launch', fields), fields };
  };
  const exerciseUrl = () => `${APP}/exercises/${w.ids.exercise}`;
  const userOf = async (email: string) => w.t.database.handle.db.selectFrom('users').select(['id', 'role', 'status']).where('email', '=', email).executeTakeFirst();
  const membership = async (userId: string) =>
    w.t.database.handle.db.selectFrom('community_members').select(['community_id', 'role']).where('user_id', '=', userId).execute();
  const refused = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(errorCode(res)).toBe(code);
  };

  describe('registration', () => {
    it('lets only admins register a platform, per community, and shows the tool values', async () => {
      for (const who of [w.mA, w.a1]) expect((await inject(who, 'POST', `/api/communities/${w.ids.A}/lti-platforms`, lms.registration)).statusCode).toBe(403);
      const res = await inject(w.admin, 'POST', `/api/communities/${w.ids.A}/lti-platforms`, lms.registration);
      expect(res.statusCode, res.body).toBe(201);
      platformA = res.json<{ platform: Platform }>().platform;
      expect(platformA).toMatchObject({ communityId: w.ids.A, issuer: lms.issuer, clientId: lms.clientId, deploymentIds: [lms.deploymentId] });
      const listA = (await inject(w.admin, 'GET', `/api/communities/${w.ids.A}/lti-platforms`)).json<LtiPlatformList>();
      expect(listA.platforms.map((p) => p.id)).toEqual([platformA.id]);
      expect(listA.tool).toEqual({ loginUrl: `${APP}/lti/login`, launchUrl: `${APP}/lti/launch`, deepLinkUrl: `${APP}/lti/launch`, jwksUrl: `${APP}/lti/jwks` });
      expect((await inject(w.admin, 'GET', `/api/communities/${w.ids.B}/lti-platforms`)).json<LtiPlatformList>().platforms).toEqual([]);
      expect((await inject(w.mA, 'GET', `/api/communities/${w.ids.A}/lti-platforms`)).statusCode).toBe(403);
    });

    it('refuses the same platform twice, even in another community, and actions through another community', async () => {
      refused(await inject(w.admin, 'POST', `/api/communities/${w.ids.B}/lti-platforms`, lms.registration), 409, 'conflict');
      refused(await inject(w.admin, 'POST', `/api/communities/${w.ids.B}/lti-platforms`, { ...otherLms.registration, jwksUrl: 'ftp://x.example/jwks' }), 400, 'validation_failed');
      refused(await inject(w.admin, 'DELETE', `/api/communities/${w.ids.B}/lti-platforms/${platformA.id}`), 404, 'not_found');
      refused(await inject(w.admin, 'POST', `/api/communities/${w.ids.B}/lti-platforms/${platformA.id}/check`), 404, 'not_found');
      const res = await inject(w.admin, 'POST', `/api/communities/${w.ids.B}/lti-platforms`, otherLms.registration);
      expect(res.statusCode, res.body).toBe(201);
    });

    it('checks the connection by fetching the platform keyset', async () => {
      const res = await inject(w.admin, 'POST', `/api/communities/${w.ids.A}/lti-platforms/${platformA.id}/check`);
      expect(res.json<LtiCheckResult>()).toMatchObject({ ok: true, keys: 1, code: 'lti_keys_ok', details: { count: 1 } });
    });

    it('publishes the tool key without its private part, which is stored encrypted', async () => {
      const jwks = await toolJwks();
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(jwks.keys[0]).not.toHaveProperty('d');
      const { rows } = await w.t.database.handle.db.executeQuery<{ private_key_encrypted: string }>({ sql: 'select private_key_encrypted from lti_tool_keys', parameters: [], query: { kind: 'RawNode', sqlFragments: [], parameters: [] } } as never);
      expect(rows[0]?.private_key_encrypted).toMatch(/^v1\./);
      expect(rows[0]?.private_key_encrypted).not.toContain('"d"');
    });
  });

  describe('login and launch', () => {
    it('redirects a login (form post or query) to the platform with state, nonce, form_post and prompt=none', async () => {
      const viaGet = await w.t.app.inject({ method: 'GET', url: `/lti/login?${new URLSearchParams(lms.loginParams(exerciseUrl()))}` });
      expect(viaGet.statusCode).toBe(302);
      const location = new URL(String(viaGet.headers.location));
      expect(location.searchParams.get('response_mode')).toBe('form_post');
      expect(location.searchParams.get('redirect_uri')).toBe(`${APP}/lti/launch`);
      refused(await form('/lti/login', { ...lms.loginParams(exerciseUrl()), iss: 'https://unknown.example' }), 400, 'lti_unknown_platform');
      refused(await form('/lti/login', lms.loginParams('https://evil.example/steal')), 400, 'lti_token_invalid');
    });

    it('signs a new learner in as a plain member of the community, landing on the exercise, with an iframe-ready cookie', async () => {
      const { response } = await launch(lms, exerciseUrl(), { sub: 'lms-new', email: 'lena@lms.example', [`https://purl.imsglobal.org/spec/lti/claim/roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] });
      expect(response.statusCode, response.body).toBe(302);
      expect(response.headers.location).toBe(`/exercises/${w.ids.exercise}`);
      const refresh = response.cookies.find((c) => c.name === 'aigym_refresh');
      expect(refresh).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true, path: '/api/auth' });
      expect(String(response.headers['set-cookie'])).toContain('Partitioned');
      expect(response.cookies.find((c) => c.name === 'aigym_embedded')?.value).toBe(lms.origin);
      const person = await userOf('lena@lms.example');
      expect(person).toMatchObject({ role: 'member', status: 'active' });
      // An instructor in the LMS is a member here: management is granted in AI GYM only.
      expect(await membership(person?.id ?? '')).toEqual([{ community_id: w.ids.A, role: 'member' }]);
      // The refresh cookie is a working session, whose refresh keeps the iframe attributes.
      const renewed = await w.t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: refresh?.value ?? '', aigym_embedded: lms.origin } });
      expect(renewed.statusCode, renewed.body).toBe(200);
      expect(renewed.cookies.find((c) => c.name === 'aigym_refresh')?.sameSite).toBe('None');
      // The app's pages may then be framed by that platform only.
      const page = await w.t.app.inject({ method: 'GET', url: '/api/health', cookies: { aigym_embedded: lms.origin } });
      expect(String(page.headers['content-security-policy'])).toContain(`frame-ancestors ${lms.origin}`);
      const plain = await w.t.app.inject({ method: 'GET', url: '/api/health' });
      expect(String(plain.headers['content-security-policy'])).toContain("frame-ancestors 'none'");

      const again = await launch(lms, `${APP}/programs/00000000-0000-4000-8000-000000000001`, { sub: 'lms-new', email: 'changed@lms.example' });
      expect(again.response.headers.location).toBe('/programs/00000000-0000-4000-8000-000000000001');
      expect(await userOf('changed@lms.example')).toBeUndefined();
    });

    it('links by email only a person already in the community', async () => {
      const { response } = await launch(lms, exerciseUrl(), { sub: 'lms-a1', email: 'a1@example.com' });
      expect(response.statusCode).toBe(302);
      const linked = await w.t.database.handle.db.selectFrom('lti_subjects').select('user_id').where('subject', '=', 'lms-a1').executeTakeFirst();
      expect(linked?.user_id).toBe(w.ids.a1);
      refused((await launch(lms, exerciseUrl(), { sub: 'lms-b1', email: 'b1@example.com' })).response, 403, 'lti_account_refused');
      refused((await launch(lms, exerciseUrl(), { sub: 'lms-admin', email: 'admin@example.com' })).response, 403, 'lti_account_refused');
      expect(await membership(w.ids.b1)).toEqual([{ community_id: w.ids.B, role: 'member' }]);
    });
  });

  describe('refusals', () => {
    it('refuses a replayed launch and an old token under a fresh state', async () => {
      const { response, fields } = await launch(lms, exerciseUrl());
      expect(response.statusCode).toBe(302);
      refused(await form('/lti/launch', fields), 400, 'lti_state_invalid');
      const fresh = await loginAt(lms, exerciseUrl());
      refused(await form('/lti/launch', { id_token: fields.id_token, state: fresh.form.state }), 401, 'lti_nonce_invalid');
    });

    it('shows a person in a browser the refusal as a page in their language, framable by the platform', async () => {
      const page = (language: string) =>
        w.t.app.inject({
          method: 'POST',
          url: '/lti/launch',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'accept-language': language },
          payload: new URLSearchParams({ id_token: 'not-a-token', state: 'unknown-state' }).toString(),
        });
      const spanish = await page('es-ES,es;q=0.9');
      expect(spanish.statusCode).toBe(400);
      expect(spanish.headers['content-type']).toContain('text/html');
      expect(spanish.headers['content-security-policy']).toContain('frame-ancestors *');
      expect(spanish.body).toContain('<html lang="es">');
      expect(spanish.body).toContain('Este inicio de sesión ya se usó o ha caducado.');
      const english = await page('en-GB');
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('This launch was already used or has expired.');
    });

    it('refuses a wrong audience, an expired token, an unknown deployment, another version, and a bad signature', async () => {
      const cases: Array<[Record<string, unknown>, Parameters<LtiPlatform['authorize']>[2], number, string]> = [
        [{ aud: 'someone-else' }, {}, 401, 'lti_token_invalid'],
        [{ aud: [lms.clientId, 'other'] }, {}, 401, 'lti_token_invalid'],
        [{}, { expiresIn: '-1h' }, 401, 'lti_token_invalid'],
        [{ 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'deployment-x' }, {}, 403, 'lti_deployment_unknown'],
        [{ 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }, {}, 400, 'lti_message_unsupported'],
        [{ 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest' }, {}, 400, 'lti_message_unsupported'],
        [{}, { signWith: (await generateKeyPair('RS256')).privateKey }, 401, 'lti_token_invalid'],
      ];
      for (const [claims, options, status, code] of cases) {
        const { response } = await launch(lms, exerciseUrl(), { sub: 'lms-negative', email: 'negative@lms.example', ...claims }, options);
        refused(response, status, code);
      }
      expect(await userOf('negative@lms.example')).toBeUndefined();
    });

    it('refuses a token from a platform of another community under this platform’s login', async () => {
      const login = await form('/lti/login', lms.loginParams(exerciseUrl()));
      const state = new URL(String(login.headers.location)).searchParams.get('state') ?? '';
      const nonce = new URL(String(login.headers.location)).searchParams.get('nonce') ?? '';
      const foreign = await otherLms.idToken({ nonce, sub: 'lms-x' });
      refused(await form('/lti/launch', { id_token: foreign, state }), 401, 'lti_token_invalid');
    });

    it('signs a launch from the other community’s platform in there only, and records no grade for content it does not have', async () => {
      const { response } = await launch(otherLms, exerciseUrl(), { sub: 'lms-b-person', email: 'bee@lms.example', ...otherLms.agsClaim() });
      expect(response.statusCode).toBe(302);
      const person = await userOf('bee@lms.example');
      expect(await membership(person?.id ?? '')).toEqual([{ community_id: w.ids.B, role: 'member' }]);
      const links = await w.t.database.handle.db.selectFrom('lti_grade_links').select('id').where('user_id', '=', person?.id ?? '').execute();
      expect(links).toEqual([]);
    });
  });

  describe('deep linking', () => {
    it('lists the community’s exercises and programs and returns the chosen ones signed to the platform', async () => {
      const { response } = await launch(lms, `${APP}/lti/launch`, { sub: 'lms-teacher', email: 'teacher@lms.example', ...lms.deepLinkingClaims() });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-security-policy']).toContain('frame-ancestors *');
      expect(response.headers['x-frame-options']).toBeUndefined();
      expect(response.body).toContain('Summarise an email');
      const token = /name="token" value="([^"]+)"/.exec(response.body)?.[1] ?? '';
      // A hidden item of another community is ignored even when posted.
      const answer = await form('/lti/deep-link', { token, item: [`exercise:${w.ids.exercise}`, `exercise:${w.ids.draft}`] });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-security-policy']).toContain(`form-action 'self' ${lms.origin}`);
      expect(answer.body).toContain(`action="${lms.origin}/deep-link-return"`);
      const jwt = /name="JWT" value="([^"]+)"/.exec(answer.body)?.[1] ?? '';
      const claims = await lms.verifyDeepLinkResponse(jwt);
      expect(claims['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
      expect(claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(lms.deploymentId);
      expect(claims['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-platform-data');
      expect(claims['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
        { type: 'ltiResourceLink', title: 'Summarise an email', url: exerciseUrl(), custom: { aigym_exercise: w.ids.exercise }, lineItem: { scoreMaximum: 100, label: 'Summarise an email', resourceId: w.ids.exercise } },
      ]);
      refused(await form('/lti/deep-link', { token: `${token}x`, item: `exercise:${w.ids.exercise}` }), 400, 'lti_state_invalid');
    });
  });

  describe('assignment and grade services', () => {
    it('posts a graded attempt’s score to the line item once, and not a practice score', async () => {
      const { response } = await launch(lms, exerciseUrl(), { sub: 'lms-graded', email: 'graded@lms.example', ...lms.agsClaim(), 'https://purl.imsglobal.org/spec/lti/claim/custom': { aigym_exercise: w.ids.exercise } });
      expect(response.statusCode).toBe(302);
      const person = await userOf('graded@lms.example');
      const attempt = async (score: number, passed: boolean | null, n: number) => {
        const at = new Date(Date.now() - (10 - n) * 1000);
        await w.t.database.handle.db
          .insertInto('exercise_attempts')
          .values({ user_id: person?.id ?? '', exercise_id: w.ids.exercise, attempt_number: n, status: 'evaluated', answer: 'An answer', score, passed, evaluated_at: at, submitted_at: at, created_at: at, updated_at: at })
          .execute();
      };
      await attempt(55, null, 1);
      await w.t.app.jobs.runDue();
      expect(lms.scores).toEqual([]);
      await attempt(82, true, 2);
      await w.t.app.jobs.runDue(new Date(Date.now() + 60_000));
      await w.t.app.jobs.runDue(new Date(Date.now() + 120_000));
      expect(lms.scores).toHaveLength(1);
      expect(lms.scores[0]).toMatchObject({ lineitem: lms.lineitem(), contentType: 'application/vnd.ims.lis.v1.score+json', body: { userId: 'lms-graded', scoreGiven: 82, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' } });
      expect(lms.tokenRequests.at(-1)).toEqual({ scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score', ok: true });

      // Across an outage of the platform the score waits and arrives afterwards.
      lms.scoresDown = true;
      await attempt(90, true, 3);
      await w.t.app.jobs.runDue(new Date(Date.now() + 180_000));
      expect(lms.scores).toHaveLength(1);
      // Kept as a reason code with the status (the web words it in the admin's language), not the platform's answer.
      const waiting = await w.t.database.handle.db.selectFrom('lti_grade_links').select('last_error').where('user_id', '=', person?.id ?? '').executeTakeFirst();
      expect(waiting?.last_error).toBe('lti_platform_http {"status":503}');
      lms.scoresDown = false;
      await w.t.app.jobs.runDue(new Date(Date.now() + 3_600_000));
      expect(lms.scores.map((s) => s.body.scoreGiven)).toEqual([82, 90]);
    });
  });

  describe('names and roles', () => {
    it('pre-enrols the active roster of the courses that launched, as members; admins only, per community', async () => {
      lms.roster = [
        { user_id: 'roster-1', email: 'rosa@lms.example', name: 'Rosa Roster', roles: ['Learner'], status: 'Active' },
        { user_id: 'roster-2', email: 'a2@example.com', name: 'A Two', roles: ['Learner'] },
        { user_id: 'roster-3', email: 'gone@lms.example', roles: ['Learner'], status: 'Inactive' },
      ];
      refused(await inject(w.mA, 'POST', `/api/communities/${w.ids.A}/lti-platforms/${platformA.id}/roster`), 403, 'forbidden');
      refused(await inject(w.admin, 'POST', `/api/communities/${w.ids.B}/lti-platforms/${platformA.id}/roster`), 404, 'not_found');
      const res = await inject(w.admin, 'POST', `/api/communities/${w.ids.A}/lti-platforms/${platformA.id}/roster`);
      expect(res.statusCode, `${res.body} ${lms.lastTokenError}`).toBe(200);
      expect(res.json<LtiRosterResult>()).toEqual({ contexts: 1, members: 2, created: 1, skipped: 1 });
      const rosa = await userOf('rosa@lms.example');
      expect(await membership(rosa?.id ?? '')).toEqual([{ community_id: w.ids.A, role: 'member' }]);
      expect(await userOf('gone@lms.example')).toBeUndefined();
    });

    it('removes a platform and with it its launches', async () => {
      expect((await inject(w.admin, 'DELETE', `/api/communities/${w.ids.A}/lti-platforms/${platformA.id}`)).statusCode).toBe(204);
      const login = await form('/lti/login', lms.loginParams(exerciseUrl()));
      refused(login, 400, 'lti_unknown_platform');
    });
  });
});

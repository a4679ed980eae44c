import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../contracts/users.js';
import { parseCsv } from '../../lib/csv.js';
import { createTestApp, seedCommunity, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';

describe('bulk user import from CSV', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCommunity(t.database, 'Alpha');
    await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
  });
  afterAll(() => t.close());

  const upload = (csv: string, who = admin) =>
    t.app.inject({ method: 'POST', url: '/api/users/import', headers: { ...who.auth, 'content-type': 'text/csv' }, payload: csv });

  function thousandRows(): string {
    const lines = ['email,display name,role,communities'];
    for (let i = 0; i < 1000; i += 1) {
      if (i % 100 === 7) {
        // Ten invalid rows, each for a reason the report must give.
        const bad = [`not-an-email-${i}`, `x${i}@example.com,Name,superuser,Alpha`, `y${i}@example.com,Name,member,Nowhere`][i % 3] ?? '';
        lines.push(bad);
      } else {
        lines.push(`person${i}@example.com,"Person, ${i}",member,${i % 2 ? 'Alpha' : 'Alpha;Beta'}`);
      }
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  it('creates 990 users from 1,000 rows and reports the 10 invalid ones with reasons; a re-run creates nothing', async () => {
    const csv = thousandRows();
    const first = await upload(csv);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json<ImportReport>();
    expect(report).toMatchObject({ created: 990, existing: 0, invalid: 10 });
    const invalid = report.rows.filter((r) => r.status === 'invalid');
    expect(invalid).toHaveLength(10);
    expect(invalid.every((r) => typeof r.reason === 'string' && r.reason.length > 0)).toBe(true);
    expect(invalid.map((r) => r.reason)).toEqual(expect.arrayContaining(['not a valid email address', 'role must be "admin" or "member", not "superuser"', 'unknown community: Nowhere']));
    expect(invalid[0]?.line).toBe(9);

    const person = await t.database.handle.db.selectFrom('users').selectAll().where('email', '=', 'person2@example.com').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ display_name: 'Person, 2', status: 'invited', role: 'member' });
    const memberships = await t.database.handle.db.selectFrom('community_members').select('community_id').where('user_id', '=', person.id).execute();
    expect(memberships).toHaveLength(2);
    // One mail job per invitation, queued with the import and sent by the runner after the answer (ADR 0047).
    const queued = await sql<{ n: string }>`select count(*) as n from jobs where name = 'mail.send' and payload->>'to' like 'person%@example.com'`.execute(t.database.handle.db);
    expect(Number(queued.rows[0]?.n)).toBe(990);
    const outbox = () => {
      try {
        return readdirSync(path.join(t.dataDir, 'outbox')).length;
      } catch {
        return 0;
      }
    };
    await expect.poll(outbox, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);

    const again = (await upload(csv)).json<ImportReport>();
    expect(again).toMatchObject({ created: 0, existing: 990, invalid: 10 });
    const count = await t.database.handle.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(991);
  });

  it('creates active users when the file gives passwords', async () => {
    const report = (await upload('email,name,password\nwith.pass@example.com,With Pass,a long enough password\n')).json<ImportReport>();
    expect(report.created).toBe(1);
    expect((await signIn(t.app, 'with.pass@example.com', 'a long enough password')).accessToken).toBeTruthy();
  });

  it('reports a duplicate email within one file and a missing header clearly', async () => {
    const dup = (await upload('email\nsame@example.com\nSAME@example.com\n')).json<ImportReport>();
    expect(dup).toMatchObject({ created: 1, invalid: 1 });
    expect(dup.rows[1]?.reason).toBe('appears more than once in this file');
    const noHeader = await upload('bob@example.com,Bob\n');
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json<{ error: { message: string } }>().error.message).toBe(
      'The first row must name the columns, separated by commas or semicolons, and one of them must be "email". This file\'s first row names: "bob@example.com", "Bob".',
    );
  });

  it('accepts a semicolon-separated file as Excel writes it in Spain (UTF-8 with a byte-order mark, accents kept)', async () => {
    const csv = '\uFEFFemail;display name;role;communities\r\nsofia@example.com;Sofía Núñez;member;"Alpha;Beta"\r\njose@example.com;"José, el de ventas";member;Alpha\r\n';
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportReport>()).toMatchObject({ created: 2, invalid: 0 });
    const sofia = await t.database.handle.db.selectFrom('users').select(['id', 'display_name']).where('email', '=', 'sofia@example.com').executeTakeFirstOrThrow();
    expect(sofia.display_name).toBe('Sofía Núñez');
    const memberships = await t.database.handle.db.selectFrom('community_members').select('community_id').where('user_id', '=', sofia.id).execute();
    expect(memberships).toHaveLength(2);
    const jose = await t.database.handle.db.selectFrom('users').select('display_name').where('email', '=', 'jose@example.com').executeTakeFirstOrThrow();
    expect(jose.display_name).toBe('José, el de ventas');
  });

  it('refuses the import to anyone but an admin', async () => {
    await seedUser(t.database, { email: 'plain@example.com' });
    const member = await signIn(t.app, 'plain@example.com');
    expect((await upload('email\nsneaky@example.com\n', member)).statusCode).toBe(403);
  });

  it('refuses a non-admin before reading the body: an oversized upload gets 403, not 413', async () => {
    await seedUser(t.database, { email: 'big.member@example.com' });
    const member = await signIn(t.app, 'big.member@example.com');
    const huge = `email\n${'x'.repeat(6 * 1024 * 1024)}@example.com\n`;
    const refused = await upload(huge, member);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    // The same oversized body from an admin is read, and is too large: the check above ran first.
    expect((await upload(huge)).statusCode).toBe(413);
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/api/users/import',
      headers: { ...member.auth, 'content-type': 'multipart/form-data; boundary=x' },
      payload: 'this is not multipart at all',
    });
    expect(multipart.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/users/import', headers: { 'content-type': 'text/csv' }, payload: 'email\n' })).statusCode).toBe(401);
  });

  it('a dry run reports created, updated and refused rows and writes nothing', async () => {
    await seedUser(t.database, { email: 'dry.existing@example.com' });
    const csv = 'email,name,communities,communityRole\ndry.new@example.com,New,Alpha,\ndry.existing@example.com,,Beta,manager\nbroken,,,\ndry.x@example.com,,Alpha,owner\n';
    const before = await t.database.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'POST', url: '/api/users/import?dryRun=true', headers: { ...admin.auth, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ImportReport>();
    expect(report).toMatchObject({ dryRun: true, created: 1, updated: 1, existing: 0, invalid: 2 });
    expect(report.rows).toEqual([
      { line: 2, email: 'dry.new@example.com', status: 'created' },
      { line: 3, email: 'dry.existing@example.com', status: 'updated', reason: 'added to 1 community as manager', code: 'import_added_manager', details: { count: 1 } },
      { line: 4, email: 'broken', status: 'invalid', reason: 'not a valid email address', code: 'import_email_invalid', details: {} },
      { line: 5, email: 'dry.x@example.com', status: 'invalid', reason: 'communityRole must be "member" or "manager", not "owner"', code: 'import_community_role_invalid', details: { value: 'owner' } },
    ]);
    const db = t.database.handle.db;
    expect(await db.selectFrom('users').select('id').where('email', '=', 'dry.new@example.com').executeTakeFirst()).toBeUndefined();
    const existing = await db.selectFrom('users').select('id').where('email', '=', 'dry.existing@example.com').executeTakeFirstOrThrow();
    expect(await db.selectFrom('community_members').select('role').where('user_id', '=', existing.id).execute()).toEqual([]);
    const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('adds an existing person to a community, honours communityRole=manager, and never demotes a manager', async () => {
    const db = t.database.handle.db;
    await seedUser(t.database, { email: 'existing.person@example.com' });
    const person = await db.selectFrom('users').select(['id', 'display_name', 'role']).where('email', '=', 'existing.person@example.com').executeTakeFirstOrThrow();
    const roles = async (userId: string) =>
      (await db.selectFrom('community_members').innerJoin('communities', 'communities.id', 'community_members.community_id').select(['communities.name', 'community_members.role']).where('user_id', '=', userId).orderBy('communities.name').execute());

    const first = (await upload('email,name,role,communities,communityRole\nexisting.person@example.com,Renamed,admin,Alpha,member\nnew.manager@example.com,New Manager,member,Alpha;Beta,manager\n')).json<ImportReport>();
    expect(first).toMatchObject({ dryRun: false, created: 1, updated: 1, existing: 0, invalid: 0 });
    expect(await roles(person.id)).toEqual([{ name: 'Alpha', role: 'member' }]);
    // Only memberships change for someone who exists: not their name, not their platform role.
    expect(await db.selectFrom('users').select(['display_name', 'role']).where('id', '=', person.id).executeTakeFirstOrThrow()).toEqual({ display_name: person.display_name, role: person.role });
    const created = await db.selectFrom('users').select('id').where('email', '=', 'new.manager@example.com').executeTakeFirstOrThrow();
    expect(await roles(created.id)).toEqual([{ name: 'Alpha', role: 'manager' }, { name: 'Beta', role: 'manager' }]);

    const promoted = (await upload('email,communities,communityRole\nexisting.person@example.com,Alpha;Beta,manager\n')).json<ImportReport>();
    expect(promoted.rows[0]).toMatchObject({ status: 'updated', reason: 'added to 2 communities as manager', code: 'import_added_manager', details: { count: 2 } });
    expect(await roles(person.id)).toEqual([{ name: 'Alpha', role: 'manager' }, { name: 'Beta', role: 'manager' }]);

    const again = (await upload('email,communities,communityRole\nexisting.person@example.com,Alpha;Beta,member\n')).json<ImportReport>();
    expect(again).toMatchObject({ updated: 0, existing: 1 });
    expect(await roles(person.id)).toEqual([{ name: 'Alpha', role: 'manager' }, { name: 'Beta', role: 'manager' }]);
  });

  it('refuses bad rows with their line numbers and reasons, importing the good ones', async () => {
    const report = (await upload('email,role,communities,communityRole\nok.row@example.com,member,Alpha,\n,member,,\nbad.role@example.com,owner,,\nno.community@example.com,member,,manager\nghost@example.com,member,Gamma,\n')).json<ImportReport>();
    expect(report).toMatchObject({ created: 1, invalid: 4 });
    expect(report.rows.filter((r) => r.status === 'invalid').map((r) => [r.line, r.reason])).toEqual([
      [3, 'email is missing'],
      [4, 'role must be "admin" or "member", not "owner"'],
      [5, 'communityRole "manager" needs at least one community'],
      [6, 'unknown community: Gamma'],
    ]);
    // Each refusal also carries a code and its facts, which the web words in the admin's language.
    expect(report.rows.filter((r) => r.status === 'invalid').map((r) => [r.line, r.code, r.details])).toEqual([
      [3, 'import_email_missing', {}],
      [4, 'import_role_invalid', { value: 'owner' }],
      [5, 'import_manager_needs_community', {}],
      [6, 'import_unknown_communities', { names: 'Gamma' }],
    ]);
  });

  it('serves a CSV template whose columns the import accepts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const dry = (await t.app.inject({ method: 'POST', url: '/api/users/import?dryRun=true', headers: { ...admin.auth, 'content-type': 'text/csv' }, payload: res.body.replace('Acme Corporation;Globex', 'Alpha;Beta') })).json<ImportReport>();
    expect(dry).toMatchObject({ dryRun: true, invalid: 0 });
    expect(dry.rows).toHaveLength(1);
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x', ''] },
    ]);
  });
});

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../contracts/users.js';
import { parseCsv } from '../../lib/csv.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';

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
    expect(readdirSync(path.join(t.dataDir, 'outbox')).length).toBe(990);

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
  });

  it('refuses the import to anyone but an admin', async () => {
    await seedUser(t.database, { email: 'plain@example.com' });
    const member = await signIn(t.app, 'plain@example.com');
    expect((await upload('email\nsneaky@example.com\n', member)).statusCode).toBe(403);
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x', ''] },
    ]);
  });
});

import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateBranding } from '../../../contracts/certificate-branding.js';
import type { Attempt } from '../../../contracts/exercises.js';
import type { Certificate, Program } from '../../../contracts/programs.js';
import { submitAndScore } from '../../test/scoring.js';
import { errorCode, sql } from '../../test/test-app.js';
import { multipartFile } from '../../test/knowledge-fixtures.js';
import { assignProgram, buildProgramWorld, createProgram, programAs, type ProgramWorld } from '../../test/programs-fixtures.js';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replaceAll(/\s+/g, ' ');
}

const branding = { organisationName: 'Northwind Academy', signatoryName: 'Marta Ríos', signatoryTitle: 'Head of Learning' };

describe('certificates: branding, hours, score and preview (issue 25)', () => {
  let w: ProgramWorld;
  let program: Program;
  let practice: Program;
  const count = async (table: 'certificates' | 'program_enrolments') =>
    Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(w.t.database.handle.db)).rows[0]?.n);

  beforeAll(async () => {
    w = await buildProgramWorld();
    await sql`update exercise_details set graded = true where content_id = ${w.ids.exercise}`.execute(w.t.database.handle.db);
    program = await createProgram(w, { title: 'Summaries that land', status: 'published', hours: 12.5, steps: [{ contentId: w.ids.doc }, { contentId: w.ids.exercise }] });
    practice = await createProgram(w, { title: 'Just reading', status: 'draft', steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
  });
  afterAll(() => w.t.close());

  it('keeps the program’s hours, editable, and refuses hours outside 0.5–1000', async () => {
    expect(program.hours).toBe(12.5);
    expect(practice.hours).toBeNull();
    const edited = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${practice.id}`, headers: w.admin.auth, payload: { hours: 3 } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Program>().hours).toBe(3);
    for (const hours of [0.2, 1001]) {
      const refused = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${practice.id}`, headers: w.admin.auth, payload: { hours } });
      expect(refused.statusCode).toBe(400);
    }
  });

  it('lets admins set the organisation, signatory and a PNG or JPEG logo; others are refused with the generic codes', async () => {
    const empty = await w.t.app.inject({ method: 'GET', url: '/api/certificate-branding', headers: w.a1.auth });
    expect(empty.json<CertificateBranding>()).toMatchObject({ organisationName: '', logoUrl: null });
    const byMember = await w.t.app.inject({ method: 'PUT', url: '/api/certificate-branding', headers: w.mA.auth, payload: branding });
    expect(byMember.statusCode).toBe(403);
    expect(errorCode(byMember)).toBe('forbidden');
    const saved = await w.t.app.inject({ method: 'PUT', url: '/api/certificate-branding', headers: w.admin.auth, payload: branding });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<CertificateBranding>()).toMatchObject(branding);

    const logo = multipartFile('logo.png', PNG_1X1, 'image/png');
    const asMember = await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: { ...w.a1.auth, ...logo.headers }, payload: logo.payload });
    expect(asMember.statusCode).toBe(403);
    expect(errorCode(asMember)).toBe('forbidden');
    // Named .png and declared image/png, but an SVG: the first bytes decide.
    const svg = multipartFile('logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    const refused = await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: { ...w.admin.auth, ...svg.headers }, payload: svg.payload });
    expect(refused.statusCode).toBe(415);
    expect(errorCode(refused)).toBe('unsupported_media_type');
    const gif = multipartFile('logo.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif');
    expect((await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: { ...w.admin.auth, ...gif.headers }, payload: gif.payload })).statusCode).toBe(415);
    const big = multipartFile('big.png', Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024)]), 'image/png');
    const tooBig = await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: { ...w.admin.auth, ...big.headers }, payload: big.payload });
    expect(tooBig.statusCode).toBe(413);
    expect(errorCode(tooBig)).toBe('image_too_large');
    const notMultipart = await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: w.admin.auth, payload: {} });
    expect(notMultipart.statusCode).toBe(415);

    const uploaded = await w.t.app.inject({ method: 'POST', url: '/api/certificate-branding/logo', headers: { ...w.admin.auth, ...logo.headers }, payload: logo.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    expect(uploaded.json<CertificateBranding>().logoUrl).toMatch(/^\/uploads\/[0-9a-f-]{36}\.png$/);
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'certificate_branding' order by created_at`.execute(w.t.database.handle.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['certificate_branding.update', 'certificate_branding.logo']);
  });

  it('prints the organisation, client, learner, hours, assessed score and signatory on the holder’s PDF', async () => {
    const started = await w.t.app.inject({ method: 'POST', url: `/api/exercises/${w.ids.exercise}/attempts`, headers: w.a1.auth });
    const { attempt } = started.json<{ attempt: Attempt }>();
    await submitAndScore(w.t.app, w.a1.auth, attempt.id, { answer: 'I do not know.' });
    await w.t.app.inject({ method: 'POST', url: `/api/content/${w.ids.doc}/progress`, headers: w.a1.auth, payload: { action: 'completed' } });
    // The offline evaluator never passes a graded step: a person decides, and their score is printed.
    const review = await w.t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${attempt.id}/review`,
      headers: w.admin.auth,
      payload: { criteria: [{ criterionId: 'context', score: 90 }, { criterionId: 'format', score: 80 }], reason: 'Clear in the conversation.' },
    });
    expect(review.statusCode, review.body).toBe(200);
    const reviewed = review.json<{ attempt: Attempt }>().attempt;
    const [certificate] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    expect(certificate?.programId).toBe(program.id);
    const pdf = await w.t.app.inject({ method: 'GET', url: `/api/certificates/${certificate?.id}/pdf`, headers: w.a1.auth });
    expect(pdf.statusCode).toBe(200);
    const text = await textOf(pdf.rawPayload);
    for (const expected of ['Northwind Academy', 'Client: Alpha', 'a1', 'Summaries that land', 'Learning hours: 12.5', `Assessed score: ${Math.round(reviewed.review?.score ?? -1)}/100`, 'Marta Ríos', 'Head of Learning', certificate?.verifyUrl ?? '?']) {
      expect(text).toContain(expected);
    }
  });

  it('prints Spanish labels and dates for a learner who chose Spanish', async () => {
    await sql`update users set language = 'es' where id = ${w.ids.a1}`.execute(w.t.database.handle.db);
    const [certificate] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    const pdf = await w.t.app.inject({ method: 'GET', url: `/api/certificates/${certificate?.id}/pdf`, headers: w.a1.auth });
    const text = await textOf(pdf.rawPayload);
    expect(text).toContain('Certificado de finalización');
    expect(text).toContain('Horas de formación: 12,5');
    expect(text).toContain('Cliente: Alpha');
    expect(text).toMatch(/Emitido el \d{1,2} de [a-z]+ de \d{4}/);
  });

  it('previews a sample certificate for admins and managers who see the program, issuing nothing', async () => {
    const before = { certificates: await count('certificates'), enrolments: await count('program_enrolments') };
    const preview = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/certificate-preview`, headers: w.admin.auth });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    const text = await textOf(preview.rawPayload);
    for (const expected of ['SAMPLE', 'Alex Sample', 'Northwind Academy', 'Client: Alpha', 'Learning hours: 12.5', 'Assessed score:', 'Marta Ríos']) expect(text).toContain(expected);
    // A program without graded steps has no score to print.
    const plain = await textOf((await w.t.app.inject({ method: 'GET', url: `/api/programs/${practice.id}/certificate-preview`, headers: w.admin.auth })).rawPayload);
    expect(plain).not.toContain('Assessed score');
    expect(plain).toContain('Learning hours: 3');
    const spanish = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/certificate-preview`, headers: { ...w.admin.auth, 'accept-language': 'es-ES,es;q=0.9' } });
    expect(await textOf(spanish.rawPayload)).toContain('MUESTRA');

    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/certificate-preview`, headers: w.mA.auth })).statusCode).toBe(200);
    expect({ certificates: await count('certificates'), enrolments: await count('program_enrolments') }).toEqual(before);
  });

  it('refuses the preview to members (403) and to managers who cannot see the program (404)', async () => {
    const member = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/certificate-preview`, headers: w.a1.auth });
    expect(member.statusCode).toBe(403);
    expect(errorCode(member)).toBe('forbidden');
    // Manager B: the program is assigned to A only.
    const otherManager = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/certificate-preview`, headers: w.mB.auth });
    expect(otherManager.statusCode).toBe(404);
    expect(errorCode(otherManager)).toBe('not_found');
    expect((await programAs(w, w.admin, program.id)).hours).toBe(12.5);
  });
});

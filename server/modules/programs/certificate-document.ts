import { sql } from 'kysely';
import type { Language } from '../../../contracts/users.js';
import { requireAdminOrManager } from '../../lib/access.js';
import type { UserContext } from '../../lib/transactions.js';
import { getBranding, logoBytes } from './certificate-branding.js';
import type { CertificatePdfInput } from './certificate-pdf.js';
import { getCertificate, getProgram, verifyUrl } from './programs.service.js';

/**
 * What a certificate PDF prints besides the names it was issued with (issue 25): the branding, the
 * client, the program's hours and the assessed score. Read when the PDF is made, under the reader's
 * row-level security (the holder, or an admin).
 */

async function programHours(ctx: UserContext, programId: string | null): Promise<number | null> {
  if (!programId) return null;
  const row = await ctx.db.selectFrom('programs').select('hours').where('id', '=', programId).executeTakeFirst();
  return row?.hours == null ? null : Number(row.hours);
}

/** The holder's community the program is assigned to: the client it was delivered for. */
async function clientName(ctx: UserContext, programId: string | null, userId: string): Promise<string | null> {
  if (!programId) return null;
  const row = await ctx.db
    .selectFrom('communities as c')
    .innerJoin('community_members as m', (j) => j.onRef('m.community_id', '=', 'c.id').on('m.user_id', '=', userId))
    .innerJoin('program_assignments as pa', (j) => j.onRef('pa.community_id', '=', 'c.id').on('pa.program_id', '=', programId))
    .select('c.name')
    .orderBy('c.name')
    .executeTakeFirst();
  return row?.name ?? null;
}

/**
 * The mean score of the graded steps the certificate was issued on, each decided by a calibrated
 * evaluator (a graded attempt is only `evaluated` once its calibration passed) or by a person (a
 * review). Null when no graded step has such a score: a certificate never shows a self-reported or
 * offline figure as "assessed".
 */
export async function assessedScore(ctx: UserContext, certificateId: string): Promise<number | null> {
  const row = await ctx.db.selectFrom('certificates').select('evidence').where('id', '=', certificateId).executeTakeFirst();
  const evidence: unknown = typeof row?.evidence === 'string' ? JSON.parse(row.evidence) : row?.evidence;
  if (!Array.isArray(evidence)) return null;
  const attemptIds = evidence.flatMap((e: unknown) => {
    const step = e as { assessed?: unknown; attemptId?: unknown } | null;
    return step?.assessed === true && typeof step.attemptId === 'string' ? [step.attemptId] : [];
  });
  if (attemptIds.length === 0) return null;
  const attempts = await ctx.db
    .selectFrom('exercise_attempts')
    .select(['status', 'score', 'review_score', 'evaluator_offline'])
    .where('id', 'in', attemptIds)
    .where('status', 'in', ['evaluated', 'reviewed'])
    .execute();
  const scores = attempts.flatMap((a) => {
    const decided = a.status === 'reviewed' ? a.review_score : a.evaluator_offline ? null : a.score;
    return decided == null ? [] : [Number(decided)];
  });
  if (scores.length === 0) return null;
  return scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

async function holderLanguage(ctx: UserContext, userId: string): Promise<Language | null> {
  const row = await ctx.db.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirst();
  return row?.language ?? null;
}

export interface DocumentSettings {
  appUrl: string;
  uploadsDir: string;
  /** The reader's browser language, used when the holder chose none. */
  fallbackLanguage: Language;
}

async function brandingPart(ctx: UserContext, uploadsDir: string): Promise<Pick<CertificatePdfInput, 'organisationName' | 'logo' | 'signatoryName' | 'signatoryTitle'>> {
  const branding = await getBranding(ctx);
  return {
    organisationName: branding.organisationName,
    logo: await logoBytes(uploadsDir, branding.logoUrl),
    signatoryName: branding.signatoryName,
    signatoryTitle: branding.signatoryTitle,
  };
}

/** The issued certificate `id` as its holder (or an admin) reads it; anyone else's is 404. */
export async function certificateDocument(ctx: UserContext, id: string, settings: DocumentSettings): Promise<CertificatePdfInput & { revokedAt?: string | null }> {
  const certificate = await getCertificate(ctx, id, settings.appUrl);
  const row = await ctx.db.selectFrom('certificates').select('user_id').where('id', '=', id).executeTakeFirstOrThrow();
  const [hours, communityName, score, language, branding] = await Promise.all([
    programHours(ctx, certificate.programId),
    clientName(ctx, certificate.programId, row.user_id),
    assessedScore(ctx, id),
    holderLanguage(ctx, row.user_id),
    brandingPart(ctx, settings.uploadsDir),
  ]);
  return { ...certificate, ...branding, hours, communityName, score, language: language ?? settings.fallbackLanguage };
}

const SAMPLE_NAMES: Record<Language, string> = { en: 'Alex Sample', es: 'Lucía Ejemplo' };
/** What a preview prints where a graded program's certificate shows the learner's score. */
const SAMPLE_SCORE = 85;

/** Whether any of the program's steps is a graded exercise: only then does a certificate print a score. */
async function hasGradedSteps(ctx: UserContext, programId: string): Promise<boolean> {
  const { rows } = await sql<{ graded: boolean }>`
    select exists (
      select 1 from program_steps s join exercise_details d on d.content_id = s.content_id
       where s.program_id = ${programId} and d.graded
    ) as graded`.execute(ctx.db);
  return rows[0]?.graded === true;
}

/**
 * A sample certificate for the program as it stands, issued to nobody and stored nowhere: admins and
 * the managers who can see the program. Members are 403; a program the caller cannot see is 404.
 */
export async function previewDocument(ctx: UserContext, programId: string, settings: DocumentSettings): Promise<CertificatePdfInput> {
  await requireAdminOrManager(ctx);
  const program = await getProgram(ctx, programId);
  const [graded, community, branding] = await Promise.all([
    hasGradedSteps(ctx, programId),
    program.communityIds[0]
      ? ctx.db.selectFrom('communities').select('name').where('id', 'in', program.communityIds).orderBy('name').executeTakeFirst()
      : Promise.resolve(undefined),
    brandingPart(ctx, settings.uploadsDir),
  ]);
  const language = settings.fallbackLanguage;
  const issuedAt = new Date().toISOString();
  const validDays = program.certificate.validDays;
  const code = 'SAMPLE-NOT-ISSUED';
  return {
    ...branding,
    holderName: SAMPLE_NAMES[language],
    programTitle: program.title,
    issuedAt,
    expiresAt: validDays ? new Date(Date.now() + validDays * 86_400_000).toISOString() : null,
    verifyUrl: verifyUrl(settings.appUrl, code),
    code,
    language,
    communityName: community?.name ?? null,
    hours: program.hours ?? null,
    score: graded ? SAMPLE_SCORE : null,
    sample: true,
  };
}

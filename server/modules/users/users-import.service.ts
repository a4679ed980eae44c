import type { z } from 'zod';
import type { FailureReasonCode, ReasonDetails } from '../../../contracts/failure-reasons.js';
import { createUserSchema, emailSchema, type ImportReport, type ImportRowResult, platformRoleSchema } from '../../../contracts/users.js';
import { requireAdmin } from '../../lib/access.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import { AppError } from '../../lib/app-error.js';
import { parseCsv } from '../../lib/csv.js';
import { hashPassword } from '../../lib/passwords.js';
import { hashOpaqueToken, newOpaqueToken } from '../../lib/tokens.js';
import type { RunAsUser, UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { INVITATION_TTL_DAYS, type InvitationContext, invitationContexts, invitationMail, savedLanguage } from '../auth/auth.service.js';
import type { UserDeps } from './users.service.js';

export const IMPORT_MAX_ROWS = 5000;

const headerAliases: Record<string, Column> = {
  email: 'email',
  'e-mail': 'email',
  name: 'displayName',
  'display name': 'displayName',
  display_name: 'displayName',
  displayname: 'displayName',
  role: 'role',
  communities: 'communities',
  community: 'communities',
  communityrole: 'communityRole',
  'community role': 'communityRole',
  community_role: 'communityRole',
  password: 'password',
};
type Column = 'email' | 'displayName' | 'role' | 'communities' | 'communityRole' | 'password';
type CommunityRole = 'member' | 'manager';

interface PlannedRow {
  line: number;
  input: z.output<typeof createUserSchema>;
  communityIds: string[];
  communityRole: CommunityRole;
}

interface ImportPlan {
  results: ImportRowResult[];
  toCreate: PlannedRow[];
  /** Memberships to add or raise to manager for people who already exist. */
  memberships: Array<{ user_id: string; community_id: string; role: CommunityRole }>;
}

/**
 * Reads the file and the database and decides, row by row, what an import would do. Writes nothing,
 * so the same plan serves the dry run and, re-made inside the writing transaction, the import.
 */
async function planImport(ctx: UserContext, csv: string): Promise<ImportPlan> {
  requireAdmin(ctx);
  const [header, ...records] = parseCsv(csv);
  if (!header) throw new AppError('csv_empty', 'The file is empty.');
  const columns = header.fields.map((h) => headerAliases[h.trim().toLowerCase()]);
  if (!columns.includes('email')) {
    const named = header.fields.map((h) => h.trim()).filter(Boolean);
    const columns = named.length > 0 ? named.map((h) => `"${h}"`).join(', ') : '—';
    throw new AppError(
      'csv_no_email_column',
      `The first row must name the columns, separated by commas or semicolons, and one of them must be "email". This file's first row names: ${columns}.`,
      { details: { columns } },
    );
  }
  if (records.length > IMPORT_MAX_ROWS) throw new AppError('csv_too_many_rows', `Import at most ${IMPORT_MAX_ROWS} rows at a time.`, { details: { max: IMPORT_MAX_ROWS } });

  const communities = await ctx.db.selectFrom('communities').select(['id', 'name']).execute();
  const communityByKey = new Map(communities.flatMap((c) => [[c.id, c.id], [c.name.trim().toLowerCase(), c.id]] as const));

  const results: ImportRowResult[] = [];
  const valid: PlannedRow[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const value = (name: Column) => {
      const index = columns.indexOf(name);
      return index >= 0 ? (record.fields[index] ?? '').trim() : '';
    };
    const rawEmail = value('email');
    const invalid = (reason: string, code: FailureReasonCode, details: ReasonDetails = {}) => results.push({ line: record.line, email: rawEmail, status: 'invalid', reason, code, details });
    const email = emailSchema.safeParse(rawEmail);
    if (!email.success) {
      if (rawEmail) invalid('not a valid email address', 'import_email_invalid');
      else invalid('email is missing', 'import_email_missing');
      continue;
    }
    if (seen.has(email.data)) {
      invalid('appears more than once in this file', 'import_duplicate');
      continue;
    }
    seen.add(email.data);
    const role = value('role').toLowerCase() || 'member';
    if (!platformRoleSchema.safeParse(role).success) {
      invalid(`role must be "admin" or "member", not "${role}"`, 'import_role_invalid', { value: role });
      continue;
    }
    const communityRole = value('communityRole').toLowerCase() || 'member';
    if (communityRole !== 'member' && communityRole !== 'manager') {
      invalid(`communityRole must be "member" or "manager", not "${communityRole}"`, 'import_community_role_invalid', { value: communityRole });
      continue;
    }
    const names = value('communities').split(/[;|]/).map((n) => n.trim()).filter(Boolean);
    const unknown = names.filter((n) => !communityByKey.has(n.toLowerCase()) && !communityByKey.has(n));
    if (unknown.length > 0) {
      invalid(`unknown communit${unknown.length === 1 ? 'y' : 'ies'}: ${unknown.join(', ')}`, 'import_unknown_communities', { names: unknown.join(', ') });
      continue;
    }
    if (communityRole === 'manager' && names.length === 0) {
      invalid('communityRole "manager" needs at least one community', 'import_manager_needs_community');
      continue;
    }
    const parsed = createUserSchema.safeParse({
      email: email.data,
      displayName: value('displayName') || email.data.split('@')[0],
      role,
      ...(value('password') ? { password: value('password') } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'row';
      invalid(`${field}: ${issue?.message ?? 'not valid'}`, 'import_field_invalid', { field });
      continue;
    }
    const communityIds = [...new Set(names.map((n) => communityByKey.get(n.toLowerCase()) ?? communityByKey.get(n) ?? ''))];
    valid.push({ line: record.line, input: parsed.data, communityIds, communityRole });
  }

  const existing = new Map<string, string>();
  const currentRole = new Map<string, CommunityRole>();
  for (let i = 0; i < valid.length; i += 1000) {
    const emails = valid.slice(i, i + 1000).map((v) => v.input.email);
    const rows = await ctx.db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
    for (const row of rows) existing.set(row.email, row.id);
    if (rows.length === 0) continue;
    const members = await ctx.db
      .selectFrom('community_members')
      .select(['user_id', 'community_id', 'role'])
      .where('user_id', 'in', rows.map((r) => r.id))
      .execute();
    for (const m of members) currentRole.set(`${m.user_id}/${m.community_id}`, m.role);
  }

  const toCreate: PlannedRow[] = [];
  const memberships: ImportPlan['memberships'] = [];
  for (const v of valid) {
    const userId = existing.get(v.input.email);
    if (!userId) {
      toCreate.push(v);
      results.push({ line: v.line, email: v.input.email, status: 'created' });
      continue;
    }
    // An existing person is never changed beyond their memberships, and a manager is never demoted.
    const changes = v.communityIds.filter((communityId) => {
      const now = currentRole.get(`${userId}/${communityId}`);
      return now === undefined || (now === 'member' && v.communityRole === 'manager');
    });
    for (const community_id of changes) memberships.push({ user_id: userId, community_id, role: v.communityRole });
    results.push(
      changes.length > 0
        ? {
            line: v.line,
            email: v.input.email,
            status: 'updated',
            reason: `added to ${changes.length} communit${changes.length === 1 ? 'y' : 'ies'}${v.communityRole === 'manager' ? ' as manager' : ''}`,
            code: v.communityRole === 'manager' ? 'import_added_manager' : 'import_added',
            details: { count: changes.length },
          }
        : { line: v.line, email: v.input.email, status: 'exists' },
    );
  }
  results.sort((a, b) => a.line - b.line);
  return { results, toCreate, memberships };
}

function reportOf(plan: ImportPlan, dryRun: boolean): ImportReport {
  const count = (status: ImportRowResult['status']) => plan.results.filter((r) => r.status === status).length;
  return { dryRun, created: count('created'), updated: count('updated'), existing: count('exists'), invalid: count('invalid'), rows: plan.results };
}

/**
 * Imports people from CSV (email, display name, role, communities separated by ";", communityRole,
 * optional password). Every row is reported: created, updated (an existing person added to a
 * community), already there, or refused with the reason. Running the same file again changes nothing.
 * Rows without a password are invited by email.
 *
 * Passwords are hashed between two transactions, never inside one: hashing 1,000 passwords takes
 * seconds, and embedded PGlite has a single connection that every other request would wait on.
 */
export async function importUsers(run: RunAsUser, deps: UserDeps, csv: string, options: { dryRun: boolean }): Promise<ImportReport> {
  const draft = await run((ctx) => planImport(ctx, csv));
  if (options.dryRun) return reportOf(draft, true);
  const hashes = new Map<string, string>();
  for (const v of draft.toCreate) if (v.input.password) hashes.set(v.input.email, await hashPassword(v.input.password));
  return run((ctx) => applyImport(ctx, deps, csv, hashes));
}

async function applyImport(ctx: UserContext, deps: UserDeps, csv: string, hashes: ReadonlyMap<string, string>): Promise<ImportReport> {
  // Planned again inside the transaction so a person created meanwhile is reported, not duplicated.
  const plan = await planImport(ctx, csv);
  const invitations: Array<{ userId: string; email: string; token: string }> = [];
  for (let i = 0; i < plan.toCreate.length; i += 500) {
    const batch = plan.toCreate.slice(i, i + 500);
    const values = await Promise.all(
      batch.map(async (v) => ({
        email: v.input.email,
        display_name: v.input.displayName,
        role: v.input.role,
        status: v.input.password ? ('active' as const) : ('invited' as const),
        // Only a row that appeared between the two transactions lacks its hash: rare, and small.
        password_hash: v.input.password ? (hashes.get(v.input.email) ?? (await hashPassword(v.input.password))) : null,
        created_by: ctx.actor.userId,
      })),
    );
    const inserted = await ctx.db.insertInto('users').values(values).returning(['id', 'email', 'status']).execute();
    const idByEmail = new Map(inserted.map((u) => [u.email, u.id]));
    const memberships = batch.flatMap((v) => v.communityIds.map((community_id) => ({ community_id, user_id: idByEmail.get(v.input.email) ?? '', role: v.communityRole })));
    if (memberships.length > 0) await ctx.db.insertInto('community_members').values(memberships).execute();
    const tokens = inserted
      .filter((u) => u.status === 'invited')
      .map((u) => {
        const token = newOpaqueToken();
        invitations.push({ userId: u.id, email: u.email, token });
        return { user_id: u.id, purpose: 'invitation' as const, token_hash: hashOpaqueToken(token), expires_at: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000), created_by: ctx.actor.userId };
      });
    if (tokens.length > 0) await ctx.db.insertInto('one_time_tokens').values(tokens).execute();
  }
  for (let i = 0; i < plan.memberships.length; i += 500) {
    await ctx.db
      .insertInto('community_members')
      .values(plan.memberships.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })))
      .execute();
  }

  const language = (await savedLanguage(ctx)) ?? 'en';
  // One job per invitation, queued with the import: a mail server that fails one retries it, never stops the rest.
  const contexts = new Map<string, InvitationContext>();
  for (let i = 0; i < invitations.length; i += 500) {
    for (const [id, context] of await invitationContexts(ctx, invitations.slice(i, i + 500).map((x) => x.userId))) contexts.set(id, context);
  }
  for (const invitation of invitations) await enqueueMail(ctx, invitationMail(deps, invitation.email, invitation.token, language, contexts.get(invitation.userId)));
  const report = reportOf(plan, false);
  await recordAudit(ctx, { action: 'user.import', entityType: 'user', after: { created: report.created, updated: report.updated, existing: report.existing, invalid: report.invalid } });
  return report;
}

import type { z } from 'zod';
import { createUserSchema, emailSchema, type ImportReport, type ImportRowResult, platformRoleSchema } from '../../../contracts/users.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { parseCsv } from '../../lib/csv.js';
import { hashPassword } from '../../lib/passwords.js';
import { hashOpaqueToken, newOpaqueToken } from '../../lib/tokens.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { INVITATION_TTL_DAYS, invitationMail } from '../auth/auth.service.js';
import type { UserDeps } from './users.service.js';

export const IMPORT_MAX_ROWS = 5000;

const headerAliases: Record<string, 'email' | 'displayName' | 'role' | 'communities' | 'password'> = {
  email: 'email',
  'e-mail': 'email',
  name: 'displayName',
  'display name': 'displayName',
  display_name: 'displayName',
  displayname: 'displayName',
  role: 'role',
  communities: 'communities',
  community: 'communities',
  password: 'password',
};

interface ValidRow {
  line: number;
  input: z.output<typeof createUserSchema>;
  communityIds: string[];
}

/**
 * Imports users from CSV (email, display name, role, communities separated by ";", optional
 * password). Every row is reported: created, already existed, or invalid with the reason. Valid rows
 * are created once; running the same file again creates nothing new. Rows without a password are
 * invited by email.
 */
export async function importUsers(ctx: UserContext, deps: UserDeps, csv: string): Promise<ImportReport> {
  requireAdmin(ctx);
  const [header, ...records] = parseCsv(csv);
  if (!header) throw new AppError('bad_request', 'The file is empty.');
  const columns = header.fields.map((h) => headerAliases[h.trim().toLowerCase()]);
  if (!columns.includes('email')) throw new AppError('bad_request', 'The first row must name the columns, including "email".');
  if (records.length > IMPORT_MAX_ROWS) throw new AppError('bad_request', `Import at most ${IMPORT_MAX_ROWS} rows at a time.`);

  const communities = await ctx.db.selectFrom('communities').select(['id', 'name']).execute();
  const communityByKey = new Map(communities.flatMap((c) => [[c.id, c.id], [c.name.trim().toLowerCase(), c.id]] as const));

  const results: ImportRowResult[] = [];
  const valid: ValidRow[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const value = (name: string) => {
      const index = columns.indexOf(name as (typeof columns)[number]);
      return index >= 0 ? (record.fields[index] ?? '').trim() : '';
    };
    const rawEmail = value('email');
    const invalid = (reason: string) => results.push({ line: record.line, email: rawEmail, status: 'invalid', reason });
    const email = emailSchema.safeParse(rawEmail);
    if (!email.success) {
      invalid(rawEmail ? 'not a valid email address' : 'email is missing');
      continue;
    }
    if (seen.has(email.data)) {
      invalid('appears more than once in this file');
      continue;
    }
    seen.add(email.data);
    const role = value('role').toLowerCase() || 'member';
    if (!platformRoleSchema.safeParse(role).success) {
      invalid(`role must be "admin" or "member", not "${role}"`);
      continue;
    }
    const names = value('communities').split(/[;|]/).map((n) => n.trim()).filter(Boolean);
    const unknown = names.filter((n) => !communityByKey.has(n.toLowerCase()) && !communityByKey.has(n));
    if (unknown.length > 0) {
      invalid(`unknown communit${unknown.length === 1 ? 'y' : 'ies'}: ${unknown.join(', ')}`);
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
      invalid(`${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'not valid'}`);
      continue;
    }
    const communityIds = [...new Set(names.map((n) => communityByKey.get(n.toLowerCase()) ?? communityByKey.get(n) ?? ''))];
    valid.push({ line: record.line, input: parsed.data, communityIds });
  }

  const existing = new Set<string>();
  for (let i = 0; i < valid.length; i += 1000) {
    const emails = valid.slice(i, i + 1000).map((v) => v.input.email);
    const rows = await ctx.db.selectFrom('users').select('email').where('email', 'in', emails).execute();
    for (const row of rows) existing.add(row.email);
  }

  const toCreate = valid.filter((v) => !existing.has(v.input.email));
  for (const v of valid) if (existing.has(v.input.email)) results.push({ line: v.line, email: v.input.email, status: 'exists' });

  const invitations: Array<{ email: string; token: string }> = [];
  for (let i = 0; i < toCreate.length; i += 500) {
    const batch = toCreate.slice(i, i + 500);
    const values = await Promise.all(
      batch.map(async (v) => ({
        email: v.input.email,
        display_name: v.input.displayName,
        role: v.input.role,
        status: v.input.password ? ('active' as const) : ('invited' as const),
        password_hash: v.input.password ? await hashPassword(v.input.password) : null,
        created_by: ctx.actor.userId,
      })),
    );
    const inserted = await ctx.db.insertInto('users').values(values).returning(['id', 'email', 'status']).execute();
    const idByEmail = new Map(inserted.map((u) => [u.email, u.id]));
    const memberships = batch.flatMap((v) => v.communityIds.map((community_id) => ({ community_id, user_id: idByEmail.get(v.input.email) ?? '', role: 'member' as const })));
    if (memberships.length > 0) await ctx.db.insertInto('community_members').values(memberships).execute();
    const tokens = inserted
      .filter((u) => u.status === 'invited')
      .map((u) => {
        const token = newOpaqueToken();
        invitations.push({ email: u.email, token });
        return { user_id: u.id, purpose: 'invitation' as const, token_hash: hashOpaqueToken(token), expires_at: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000), created_by: ctx.actor.userId };
      });
    if (tokens.length > 0) await ctx.db.insertInto('one_time_tokens').values(tokens).execute();
    for (const v of batch) results.push({ line: v.line, email: v.input.email, status: 'created' });
  }

  ctx.afterCommit(async () => {
    for (const invitation of invitations) await deps.mailer.send(invitationMail(deps, invitation.email, invitation.token));
  });
  results.sort((a, b) => a.line - b.line);
  const report: ImportReport = {
    created: toCreate.length,
    existing: results.filter((r) => r.status === 'exists').length,
    invalid: results.filter((r) => r.status === 'invalid').length,
    rows: results,
  };
  await recordAudit(ctx, { action: 'user.import', entityType: 'user', after: { created: report.created, existing: report.existing, invalid: report.invalid } });
  return report;
}

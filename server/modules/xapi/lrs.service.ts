import type { LrsSettings, LrsTestResult, PutLrsInput } from '../../../contracts/xapi.js';
import type { Config } from '../../config.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { keyVault } from '../../lib/key-vault.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';
import type { UserContext } from '../../lib/transactions.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { recordAudit } from '../audit/audit.service.js';
import { aboutLrs, LrsError } from './lrs-client.js';
import { xapiSyncJob } from './xapi-jobs.js';

const vault = (config: Readonly<Config>) => keyVault(config.AI_KEYS_SECRET, 'lrs-credentials');
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

async function requireCommunity(ctx: UserContext, communityId: string): Promise<void> {
  requireAdmin(ctx);
  const found = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!found) throw notFound('That community');
}

/** The community's LRS settings and delivery state (admins); the password is never returned. */
export async function getLrs(ctx: UserContext, communityId: string): Promise<LrsSettings | null> {
  await requireCommunity(ctx, communityId);
  const row = await ctx.db.selectFrom('community_lrs').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  if (!row) return null;
  const counts = await ctx.db
    .selectFrom('xapi_statements')
    .select((eb) => ['state', eb.fn.countAll<string>().as('n')])
    .where('community_id', '=', communityId)
    .groupBy('state')
    .execute();
  const count = (state: string) => Number(counts.find((c) => c.state === state)?.n ?? 0);
  const pending = count('pending');
  return {
    endpoint: row.endpoint,
    username: row.username,
    hasPassword: row.password_encrypted.length > 0,
    includeEmail: row.include_email,
    enabled: row.enabled,
    delivery: {
      pending,
      sent: count('sent'),
      rejected: count('rejected'),
      failures: row.failures,
      nextAttemptAt: pending > 0 && row.failures > 0 ? iso(row.next_attempt_at) : null,
      lastError: row.last_error,
      lastSentAt: iso(row.last_sent_at),
    },
  };
}

export async function putLrs(ctx: UserContext, config: Readonly<Config>, communityId: string, input: PutLrsInput): Promise<LrsSettings> {
  await requireCommunity(ctx, communityId);
  // An admin-given address the server will call: not into its own network (ADR 0037).
  await checkOutboundUrl(input.endpoint, 'endpoint');
  const existing = await ctx.db.selectFrom('community_lrs').select(['endpoint', 'username', 'include_email', 'enabled']).where('community_id', '=', communityId).executeTakeFirst();
  if (!existing && !input.password) throw new AppError('lrs_secret_required', 'Enter the LRS password (its "secret") the first time you connect it.');
  const password = input.password ? vault(config).encrypt(input.password, communityId) : undefined;
  const values = {
    endpoint: input.endpoint,
    username: input.username,
    include_email: input.includeEmail ?? existing?.include_email ?? false,
    enabled: input.enabled ?? existing?.enabled ?? true,
    updated_by: ctx.actor.userId,
    // New settings deserve a try now, not after the old ones' back-off.
    failures: 0,
    next_attempt_at: new Date(),
    last_error: null,
  };
  await ctx.db
    .insertInto('community_lrs')
    .values({ community_id: communityId, password_encrypted: password ?? '', ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ ...values, ...(password ? { password_encrypted: password } : {}) }))
    .execute();
  await recordAudit(ctx, {
    action: existing ? 'community.lrs_update' : 'community.lrs_connect',
    entityType: 'community',
    entityId: communityId,
    before: existing ? { endpoint: existing.endpoint, username: existing.username, includeEmail: existing.include_email, enabled: existing.enabled } : undefined,
    after: { endpoint: values.endpoint, username: values.username, includeEmail: values.include_email, enabled: values.enabled, passwordChanged: Boolean(password) },
  });
  await enqueueJob(ctx, xapiSyncJob, {});
  const saved = await getLrs(ctx, communityId);
  if (!saved) throw new AppError('lrs_not_saved', 'The LRS settings were not saved.');
  return saved;
}

export async function deleteLrs(ctx: UserContext, communityId: string): Promise<void> {
  await requireCommunity(ctx, communityId);
  const removed = await ctx.db.deleteFrom('community_lrs').where('community_id', '=', communityId).returning('endpoint').executeTakeFirst();
  if (!removed) throw notFound('That LRS connection');
  await recordAudit(ctx, { action: 'community.lrs_disconnect', entityType: 'community', entityId: communityId, before: { endpoint: removed.endpoint } });
}

/** "Send again": statements the LRS rejected are queued once more, and the back-off is lifted. */
export async function resendLrs(ctx: UserContext, communityId: string): Promise<LrsSettings> {
  await requireCommunity(ctx, communityId);
  const lrs = await ctx.db
    .updateTable('community_lrs')
    .set({ failures: 0, next_attempt_at: new Date(), last_error: null })
    .where('community_id', '=', communityId)
    .returning('community_id')
    .executeTakeFirst();
  if (!lrs) throw notFound('That LRS connection');
  const { numUpdatedRows } = await ctx.db
    .updateTable('xapi_statements')
    .set({ state: 'pending', error: null })
    .where('community_id', '=', communityId)
    .where('state', '=', 'rejected')
    .executeTakeFirst();
  await recordAudit(ctx, { action: 'community.lrs_resend', entityType: 'community', entityId: communityId, after: { requeued: Number(numUpdatedRows) } });
  await enqueueJob(ctx, xapiSyncJob, {});
  const saved = await getLrs(ctx, communityId);
  if (!saved) throw notFound('That LRS connection');
  return saved;
}

/** Reads the saved endpoint and password and asks the LRS what it is (no statement is written). */
export async function testLrs(ctx: UserContext, config: Readonly<Config>, communityId: string): Promise<LrsTestResult> {
  await requireCommunity(ctx, communityId);
  const row = await ctx.db.selectFrom('community_lrs').select(['endpoint', 'username', 'password_encrypted']).where('community_id', '=', communityId).executeTakeFirst();
  if (!row) throw notFound('That LRS connection');
  const password = vault(config).decrypt(row.password_encrypted, communityId);
  try {
    const versions = await aboutLrs({ endpoint: row.endpoint, username: row.username, password });
    const speaks = versions.some((v) => v.startsWith('1.0'));
    return speaks
      ? { ok: true, versions, message: 'The LRS answered and speaks xAPI 1.0.', code: 'lrs_test_ok', details: {} }
      : { ok: false, versions, message: 'The LRS answered but does not speak xAPI 1.0.x.', code: 'lrs_test_other_version', details: {} };
  } catch (err) {
    if (err instanceof LrsError) return { ok: false, versions: [], message: err.message, code: err.code, details: err.details };
    return { ok: false, versions: [], message: 'The LRS could not be reached.', code: 'lrs_unreachable', details: {} };
  }
}

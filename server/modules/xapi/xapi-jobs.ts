import { randomUUID } from 'node:crypto';
import type { Statement } from '@xapi/xapi';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import { keyVault } from '../../lib/key-vault.js';
import { runAnonymous } from '../../lib/transactions.js';
import { defineJob } from '../../platform/jobs/index.js';
import { type LrsCredentials, LrsError, sendStatements } from './lrs-client.js';
import { buildStatement, type Fact, statementId } from './statements.js';

/** Facts written as statements per run, and statements sent per request. */
const COLLECT_BATCH = 500;
const SEND_BATCH = 50;
/** Batches one community gets per run, so one large backlog does not hold up the others. */
const BATCHES_PER_RUN = 20;
/** Back-off after a failed delivery: 30 s doubling to an hour, so a day's outage costs ~30 tries. */
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;

export const backoffAfter = (failures: number): number => Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);

const meta = (app: FastifyInstance) => ({
  requestId: `xapi-${randomUUID()}`,
  ip: '127.0.0.1',
  onBackgroundError: (err: unknown) => app.log.error({ err, event: 'xapi.after_commit_failed' }, 'xAPI work after commit failed'),
});

/** New facts become statements (each once: its id is derived from the fact). */
export async function collectStatements(app: FastifyInstance): Promise<number> {
  const { db, config } = app.services;
  let written = 0;
  for (;;) {
    const added = await runAnonymous(db, meta(app), async (ctx) => {
      const { rows } = await sql<Fact>`select * from app.xapi_new_facts(${COLLECT_BATCH}::integer)`.execute(ctx.db);
      if (rows.length === 0) return 0;
      const statements = rows.map((fact) => ({
        id: statementId(fact),
        communityId: fact.community_id,
        userId: fact.user_id,
        factKind: fact.fact_kind,
        factId: fact.fact_id,
        occurredAt: new Date(fact.occurred_at).toISOString(),
        statement: buildStatement(config.APP_URL, fact),
      }));
      await sql`select app.xapi_record(${JSON.stringify(statements)}::jsonb)`.execute(ctx.db);
      return rows.length;
    });
    written += added;
    if (added < COLLECT_BATCH) return written;
  }
}

interface DueCommunity {
  community_id: string;
  endpoint: string;
  username: string;
  password_encrypted: string;
  failures: number;
}

interface Outcome {
  sent: string[];
  rejected: Record<string, string>;
  /** A stored reason (contracts/failure-reasons.ts), never the LRS's own words. */
  error: string | null;
}

/**
 * Sends one batch; when the LRS refuses the batch as a whole (400, or 409 for an id it already
 * holds), each statement is sent alone so one bad statement cannot block the rest: a 409 then
 * means the LRS already has it (xAPI forbids changing a stored statement), a 400 rejects that one.
 */
async function sendBatch(credentials: LrsCredentials, batch: Array<{ id: string; statement: Statement }>): Promise<Outcome> {
  try {
    await sendStatements(credentials, batch.map((b) => b.statement));
    return { sent: batch.map((b) => b.id), rejected: {}, error: null };
  } catch (err) {
    if (!(err instanceof LrsError) || (err.status !== 400 && err.status !== 409)) return { sent: [], rejected: {}, error: describe(err) };
  }
  const outcome: Outcome = { sent: [], rejected: {}, error: null };
  for (const { id, statement } of batch) {
    try {
      await sendStatements(credentials, [statement]);
      outcome.sent.push(id);
    } catch (err) {
      if (err instanceof LrsError && err.status === 409) outcome.sent.push(id);
      else if (err instanceof LrsError && err.status === 400) outcome.rejected[id] = err.reason;
      else return { ...outcome, error: describe(err) };
    }
  }
  return outcome;
}

const describe = (err: unknown): string => (err instanceof LrsError ? err.reason : encodeReason('lrs_unreachable'));

/** Delivers each due community's waiting statements, oldest fact first, and records the outcome. */
export async function deliverStatements(app: FastifyInstance, now: Date = new Date()): Promise<void> {
  const { db, config } = app.services;
  const due = await runAnonymous(db, meta(app), async (ctx) => (await sql<DueCommunity>`select * from app.xapi_due_communities(${now}::timestamptz)`.execute(ctx.db)).rows);
  for (const community of due) {
    let credentials: LrsCredentials;
    try {
      credentials = { endpoint: community.endpoint, username: community.username, password: keyVault(config.AI_KEYS_SECRET, 'lrs-credentials').decrypt(community.password_encrypted, community.community_id) };
    } catch {
      await recordOutcome(app, community, { sent: [], rejected: {}, error: encodeReason('lrs_password_unreadable') }, now);
      continue;
    }
    for (let batchNumber = 0; batchNumber < BATCHES_PER_RUN; batchNumber += 1) {
      const batch = await runAnonymous(db, meta(app), async (ctx) =>
        (await sql<{ id: string; statement: Statement }>`select * from app.xapi_pending(${community.community_id}::uuid, ${SEND_BATCH}::integer)`.execute(ctx.db)).rows,
      );
      if (batch.length === 0) break;
      const outcome = await sendBatch(credentials, batch);
      await recordOutcome(app, community, outcome, now);
      if (outcome.error) {
        app.log.warn({ event: 'xapi.delivery_failed', communityId: community.community_id, failures: community.failures + 1, error: outcome.error }, 'xAPI statements not delivered; retrying with back-off');
        break;
      }
      community.failures = 0;
    }
  }
}

async function recordOutcome(app: FastifyInstance, community: DueCommunity, outcome: Outcome, now: Date): Promise<void> {
  const next = outcome.error ? new Date(now.getTime() + backoffAfter(community.failures + 1)) : null;
  await runAnonymous(app.services.db, meta(app), (ctx) =>
    sql`select app.xapi_delivered(${community.community_id}::uuid, ${outcome.sent}::uuid[], ${JSON.stringify(outcome.rejected)}::jsonb, ${outcome.error}, ${next}::timestamptz)`.execute(ctx.db),
  );
}

/**
 * One sync: collect new facts, then deliver. Periodic (every 30 s across instances) and queued at
 * once when an admin connects an LRS or asks to send again. Idempotent by construction: statement
 * ids are derived from facts, and the LRS keeps the first copy of an id.
 */
export const xapiSyncJob = defineJob({
  name: 'xapi.sync',
  payload: z.object({}),
  retry: { attempts: 1, backoffMs: 0 },
  async handle(_payload, run) {
    await collectStatements(run.app);
    await deliverStatements(run.app, run.now);
  },
});

export const XAPI_SYNC_EVERY_MS = 30_000;

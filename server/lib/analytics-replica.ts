import { type Kysely, sql } from 'kysely';
import type { Database } from '../db-schema.js';
import type { DatabaseHandle } from './database.js';
import type { AccessClaims } from './tokens.js';
import { type RequestMeta, runAsUser, type UserContext } from './transactions.js';

/**
 * Analytics reads on a streaming replica (`ANALYTICS_DATABASE_URL`), so dashboards' scans do not
 * compete with members' requests on the primary (ADR 0039). Two rules keep it safe:
 * - the session is always checked on the primary: a session revoked there is refused at once,
 *   however far behind the replica is (it may still hold the session as live);
 * - when the replica is further behind than `ANALYTICS_MAX_LAG_SECONDS`, or cannot be reached, the
 *   read goes to the primary, so a dashboard is never more than that out of date.
 */
export class AnalyticsReplica {
  #checkedAt = 0;
  #usable: Promise<boolean> = Promise.resolve(false);

  constructor(
    readonly handle: DatabaseHandle,
    private readonly maxLagSeconds: number,
    /** How long one lag reading is trusted: at most one check per second, not one per request. */
    private readonly recheckMs = 1000,
  ) {}

  /** Seconds the replica's replay is behind what it has received; 0 when it has replayed all of it. */
  async lagSeconds(): Promise<number> {
    const { rows } = await sql<{ lag: number | null; standby: boolean }>`
      select pg_is_in_recovery() as standby,
             case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
                  else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`.execute(this.handle.db);
    const row = rows[0];
    if (!row?.standby) return 0;
    return row.lag ?? Number.POSITIVE_INFINITY;
  }

  /** True when analytics may read from the replica now. */
  usable(): Promise<boolean> {
    const now = Date.now();
    if (now - this.#checkedAt >= this.recheckMs) {
      this.#checkedAt = now;
      this.#usable = this.lagSeconds().then(
        (lag) => lag <= this.maxLagSeconds,
        () => false,
      );
    }
    return this.#usable;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * Runs `fn` as the signed-in user on the replica when it is fresh enough, else on the primary. The
 * session and the user's status and role are read on the primary first; the replica transaction
 * then carries that identity under the same row-level policies.
 */
export async function runAnalyticsAsUser<T>(
  primary: Kysely<Database>,
  replica: AnalyticsReplica | undefined,
  claims: AccessClaims,
  meta: RequestMeta,
  fn: (ctx: UserContext) => Promise<T>,
): Promise<T> {
  if (!replica || !(await replica.usable())) return runAsUser(primary, claims, meta, fn, { readOnly: true });
  const actor = await runAsUser(primary, claims, meta, async (ctx) => ctx.actor, { readOnly: true });
  return replica.handle.db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`select set_config('app.user_id', ${actor.userId}::text, true), set_config('app.role', ${actor.role}::text, true), set_config('role', 'aigym_app', true)`.execute(trx);
      // Read-only: nothing may be queued to run after a commit on a standby.
      return fn({ db: trx, ...meta, actor, afterCommit: () => undefined });
    });
}

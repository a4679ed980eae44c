import { type Kysely, sql, type Transaction } from 'kysely';
import type { PlatformRole } from '../../contracts/users.js';
import type { Database } from '../db-schema.js';
import { AppError } from './app-error.js';
import { DEFERRED_IDENTITY_MARKER, IdentityChangedError } from './one-trip-driver.js';
import type { AccessClaims } from './tokens.js';

export interface Actor {
  userId: string;
  sessionId: string;
  role: PlatformRole;
}

export interface RequestMeta {
  requestId: string;
  ip: string;
  /** Where failures of after-commit work are reported. */
  onBackgroundError: (error: unknown) => void;
}

export interface AnonymousContext extends RequestMeta {
  db: Transaction<Database>;
  /**
   * Work that must happen only once the transaction has committed (sending mail, say): it runs
   * after COMMIT, and its failure is logged, never turned into a failed request.
   */
  afterCommit(task: () => Promise<void>): void;
}

export interface UserContext extends AnonymousContext {
  actor: Actor;
}

export const isAdmin = (ctx: UserContext): boolean => ctx.actor.role === 'admin';

/**
 * Runs work in a fresh transaction. Services that must do slow work (password hashing) take one of
 * these instead of a context, so the slow part happens between transactions, not while holding a
 * connection — PGlite has only one.
 */
export type RunAnonymous = <T>(fn: (ctx: AnonymousContext) => Promise<T>) => Promise<T>;
export type RunAsUser = <T>(fn: (ctx: UserContext) => Promise<T>) => Promise<T>;

/**
 * Runs `fn` in one transaction as the non-owner role aigym_app with no identity: every
 * row-level policy then matches nothing, so only SECURITY DEFINER lookups can read.
 */
export async function runAnonymous<T>(db: Kysely<Database>, meta: RequestMeta, fn: (ctx: AnonymousContext) => Promise<T>): Promise<T> {
  const tasks: Array<() => Promise<void>> = [];
  const result = await db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', '', true), set_config('app.role', '', true), set_config('role', 'aigym_app', true)`.execute(trx);
    return fn({ db: trx, ...meta, afterCommit: (task) => tasks.push(task) });
  });
  await runTasks(tasks, meta);
  return result;
}

async function runTasks(tasks: Array<() => Promise<void>>, meta: RequestMeta): Promise<void> {
  for (const task of tasks) await task().catch(meta.onBackgroundError);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as an SQL literal, for statements that must carry no bound parameters. */
function sqlUuid(value: string) {
  if (!uuidPattern.test(value)) throw new AppError('unauthenticated', 'Your session token is not valid. Please sign in again.');
  return sql.raw(`'${value}'::uuid`);
}

interface IdentityRow {
  role: PlatformRole | null;
  status: string | null;
  session_live: boolean | null;
}

/**
 * The role each session last had in the database, per database: a read-only request of a session
 * seen before sends its identity prologue with its first statement instead of ahead of it (one round
 * trip; one-trip-driver.ts), on the assumption that the role is still this one. The database checks
 * the assumption in that same message and the driver hands back no row unless it held; if it did
 * not (a role changed, a session ended), the request runs again the ordinary way. So this is a
 * guess that saves a round trip, never a cache of what a session may do (ADR 0048).
 */
const lastRoles = new WeakMap<Kysely<Database>, Map<string, PlatformRole>>();
const LAST_ROLES_KEPT = 10_000;
const rolePattern = /^[a-z_]+$/;

function rolesOf(db: Kysely<Database>): Map<string, PlatformRole> {
  let roles = lastRoles.get(db);
  if (!roles) {
    roles = new Map();
    lastRoles.set(db, roles);
  }
  return roles;
}

function rememberRole(db: Kysely<Database>, sessionId: string, role: PlatformRole): void {
  const roles = rolesOf(db);
  if (roles.size >= LAST_ROLES_KEPT && !roles.has(sessionId)) roles.clear();
  roles.set(sessionId, role);
}

/**
 * Runs `fn` in one transaction as aigym_app with the identity of a verified token. The prologue is
 * one round trip: it reads the user's current row and session (a suspended user or revoked session
 * is refused here, whatever the token says), then sets the identity and drops to aigym_app.
 */
export async function runAsUser<T>(
  db: Kysely<Database>,
  claims: AccessClaims,
  meta: RequestMeta,
  fn: (ctx: UserContext) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  // The prologue is written with the token's ids in its text, not bound, so that BEGIN travels with
  // it in one round trip (one-trip-driver.ts). They were checked as UUIDs when the token was
  // verified; checked again here because this is where they become SQL.
  const sub = sqlUuid(claims.sub);
  const sid = sqlUuid(claims.sid);
  const lastRole = options.readOnly ? rolesOf(db).get(claims.sid) : undefined;
  if (lastRole !== undefined && rolePattern.test(lastRole)) {
    try {
      return await runDeferred(db, claims, lastRole, meta, fn);
    } catch (error) {
      if (!(error instanceof IdentityChangedError)) throw error;
      rolesOf(db).delete(claims.sid);
    }
  }
  const tasks: Array<() => Promise<void>> = [];
  // A read-only transaction (GET and HEAD requests) cannot write, so its COMMIT need not be waited
  // for (one-trip-driver.ts): the request keeps its connection for fewer round trips.
  const transaction = options.readOnly ? db.transaction().setAccessMode('read only') : db.transaction();
  const result = await transaction.execute(async (trx) => {
    const { rows } = await sql<IdentityRow>`
      select i.role, i.status, i.session_live,
             set_config('app.user_id', case when i.session_live and i.status = 'active' then ${sub}::text else '' end, true),
             set_config('app.role', case when i.session_live and i.status = 'active' then i.role else '' end, true),
             set_config('role', 'aigym_app', true)
        from (select 1) as one
        left join app.session_identity(${sub}, ${sid}) as i on true`.execute(trx);
    const row = rows[0];
    if (!row?.role || !row.session_live) {
      throw new AppError('unauthenticated', 'Your session has ended. Please sign in again.');
    }
    if (row.status !== 'active') {
      throw new AppError('account_inactive', 'This account is not active. Please contact your administrator.');
    }
    rememberRole(db, claims.sid, row.role);
    const actor: Actor = { userId: claims.sub, sessionId: claims.sid, role: row.role };
    return fn({ db: trx, ...meta, actor, afterCommit: (task) => tasks.push(task) });
  });
  await runTasks(tasks, meta);
  return result;
}

/**
 * A read-only request as `role`, its prologue deferred to its first statement. The prologue sets
 * the identity only for a live session of an active user (as the ordinary one does) and reports in
 * `identity_ok` whether the role is the one assumed; the driver checks it before any row is used.
 */
async function runDeferred<T>(db: Kysely<Database>, claims: AccessClaims, role: PlatformRole, meta: RequestMeta, fn: (ctx: UserContext) => Promise<T>): Promise<T> {
  const tasks: Array<() => Promise<void>> = [];
  const sub = sqlUuid(claims.sub);
  const sid = sqlUuid(claims.sid);
  const result = await db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`${sql.raw(DEFERRED_IDENTITY_MARKER)}
        select coalesce(i.session_live and i.status = 'active' and i.role = ${sql.lit(role)}, false) as identity_ok,
               set_config('app.user_id', case when i.session_live and i.status = 'active' then ${sub}::text else '' end, true),
               set_config('app.role', case when i.session_live and i.status = 'active' then i.role else '' end, true),
               set_config('role', 'aigym_app', true)
          from (select 1) as one
          left join app.session_identity(${sub}, ${sid}) as i on true`.execute(trx);
      const actor: Actor = { userId: claims.sub, sessionId: claims.sid, role };
      return fn({ db: trx, ...meta, actor, afterCommit: (task) => tasks.push(task) });
    });
  await runTasks(tasks, meta);
  return result;
}

/**
 * Within an anonymous transaction, takes on the identity of a user the server has just
 * authenticated by other means (password, refresh cookie, emailed link).
 */
export async function assumeIdentity(ctx: AnonymousContext, userId: string, role: PlatformRole, sessionId = ''): Promise<UserContext> {
  await sql`select set_config('app.user_id', ${userId}::text, true), set_config('app.role', ${role}::text, true)`.execute(ctx.db);
  return { ...ctx, actor: { userId, sessionId, role } };
}

import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { StatementNames } from './statement-names.js';

/**
 * The first statement of a READ ONLY transaction may be its identity prologue marked with this
 * comment (transactions.ts): the driver then sends no BEGIN and no COMMIT. Each of the transaction's
 * statements travels in one simple-protocol message with the transaction's settings and the prologue
 * before it — PostgreSQL runs such a message as one implicit transaction and ends it when the last
 * statement is done — so a read is one round trip and no connection waits idle in a transaction
 * while Node works (ADR 0048). The prologue's first column, `identity_ok`, is checked before any row
 * is handed back; if it is false, the rows are dropped and IdentityChangedError is thrown.
 */
export const DEFERRED_IDENTITY_MARKER = '/* aigym:deferred-identity */';

/** The identity a deferred prologue expected is not the database's: the caller runs the request again the slow way. */
export class IdentityChangedError extends Error {
  constructor() {
    super('The session or role changed since it was last seen');
    this.name = 'IdentityChangedError';
  }
}

/** pg's conversion of a parameter to its text form (typed here: @types/pg does not declare `utils`). */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** Each process names its one-off prepared statements apart, in case a pooler mixes processes' connections. */
const oneOffPrefix = `aigym_o${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}_`;
let oneOffCount = 0;

/**
 * A parameter as an SQL literal, as the extended protocol would have sent it in text form (pg's own
 * prepareValue, then quoted): an untyped literal takes the prepared parameter's type. Values that
 * cannot travel as text (bytes, a NUL character, which would end the message) give null: that
 * statement then goes the extended way.
 */
function literal(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return null;
  const text = prepareValue(value);
  if (text === null) return 'null';
  if (typeof text !== 'string' || text.includes('\0')) return null;
  return pg.escapeLiteral(text);
}

/**
 * Kysely's PostgreSQL dialect, except that a transaction's BEGIN is not a round trip of its own: it
 * travels with the transaction's first statement when that statement has no bound parameters (the
 * request prologue, whose only values are UUIDs checked before they are written into it). Every
 * round trip a request makes is a moment its connection sits idle in transaction waiting for Node,
 * so under load this is throughput (ADR 0015). Otherwise it behaves as Kysely's own driver.
 */
export class OneTripDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #options: OneTripOptions;

  constructor(pool: pg.Pool, options: OneTripOptions) {
    super({ pool });
    this.#pool = pool;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new OneTripDriver(this.#pool, this.#options);
  }
}

export interface OneTripOptions {
  /**
   * Release a READ ONLY transaction's connection as soon as its COMMIT is sent. Only on a PostgreSQL
   * server: through PGlite's node-postgres adapter a query queued behind an unanswered COMMIT
   * stalled the single connection under concurrent load (bench/compare).
   */
  pipelineReadOnlyCommit: boolean;
  /**
   * Prepare the frequent statements under names (ADR 0031). Off behind a transaction-mode pooler,
   * where the next transaction may run on a server connection that never saw the name (ADR 0039).
   */
  prepareStatements: boolean;
  /** SET LOCAL statements every transaction starts with (timeouts); they travel with its BEGIN. */
  transactionSettings: string[];
}

/** A client that got no answer in time: its server may still answer later, so it is never reused. */
const isClientTimeout = (error: unknown) => error instanceof Error && error.message === 'Query read timeout';

/**
 * What PostgreSQL answers when a named statement is missing from, or already on, the server
 * connection: the sign of a transaction-mode pooler nobody told us about.
 */
const poolerCodes = new Set(['26000', '42P05']);

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

class OneTripDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, OneTripConnection>();
  /** Shared by the pool's connections: a name always means the same text on any of them. */
  readonly #statementNames: StatementNames;
  #pool: pg.Pool | undefined;

  constructor(
    pool: pg.Pool,
    private readonly options: OneTripOptions,
  ) {
    this.#pool = pool;
    this.#statementNames = new StatementNames(options.prepareStatements ? undefined : { ...StatementNames.defaults, maxNamed: 0 });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<OneTripConnection> {
    if (!this.#pool) throw new Error('driver has already been destroyed');
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new OneTripConnection(client, this.#statementNames);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: OneTripConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      begin = `start transaction${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''}${settings.accessMode ? ` ${settings.accessMode}` : ''}`;
    }
    connection.pendingBegin = [begin, ...this.options.transactionSettings].join('; ');
    connection.readOnly = settings.accessMode === 'read only';
    connection.implicitPrefix = ['set transaction read only', ...this.options.transactionSettings];
  }

  async commitTransaction(connection: OneTripConnection): Promise<void> {
    // Reads ran as implicit transactions, each already ended; a request that ran none still has its
    // identity checked before it may answer.
    if (connection.deferredIdentity !== null) return connection.finishDeferred();
    // Nothing was sent, so there is nothing to commit.
    if (connection.takePendingBegin()) return;
    if (connection.readOnly && this.options.pipelineReadOnlyCommit) {
      // PostgreSQL refused every write in this transaction, so its COMMIT cannot lose anything:
      // send it and let the connection go at once. The client runs its queries in order, so the
      // next request's BEGIN follows this COMMIT on the same connection, without a wait for Node in
      // between. (A failure here is a lost connection, which the pool reports and replaces.)
      connection.commitInBackground();
      return;
    }
    const command = await connection.command('commit');
    // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier error left the transaction aborted.
    if (command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: OneTripConnection): Promise<void> {
    if (connection.deferredIdentity !== null) return;
    if (connection.takePendingBegin()) return;
    // A connection given up on (no answer in time) is closed on release, which ends its transaction
    // on the server; a ROLLBACK sent to it would only wait as long again.
    if (connection.discarded) return;
    try {
      await connection.command('rollback');
    } catch (error) {
      connection.discarded = true;
      throw error;
    }
  }

  async savepoint(connection: OneTripConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: OneTripConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: OneTripConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async releaseConnection(connection: OneTripConnection): Promise<void> {
    connection.release();
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

class OneTripConnection implements DatabaseConnection {
  /** The BEGIN not sent yet: it goes with the next statement. */
  pendingBegin: string | null = null;
  /** The transaction was started READ ONLY: PostgreSQL refuses any write in it. */
  readOnly = false;
  discarded = false;
  /** A deferred identity prologue: this transaction's reads run as implicit transactions behind it. */
  deferredIdentity: string | null = null;
  /** What starts each implicit transaction: READ ONLY and the transaction's limits. */
  implicitPrefix: string[] = [];
  /** A deferred prologue ran and was satisfied, or (false) refused: the transaction must fail. */
  identityChecked: boolean | null = null;
  /** Names prepared on this connection by SQL PREPARE (kept apart from the protocol's own). */
  readonly #sqlPrepared = new Set<string>();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly statementNames: StatementNames,
  ) {}

  takePendingBegin(): boolean {
    const pending = this.pendingBegin !== null;
    this.pendingBegin = null;
    return pending;
  }

  commitInBackground(): void {
    const client = this.client;
    client.query('commit').catch((error: unknown) => {
      // No answer in time: the connection is back in the pool already, and a late answer would be
      // read as the next statement's, so it is closed (the pool drops a client that ends).
      if (isClientTimeout(error)) client.end().catch(() => undefined);
    });
  }

  async command(text: string): Promise<string> {
    await this.sendPendingBegin();
    return (await this.watch(this.client.query(text))).command;
  }

  /** Marks the connection for closing when the client gave up waiting for its answer. */
  private async watch<T>(query: Promise<T>): Promise<T> {
    try {
      return await query;
    } catch (error) {
      if (isClientTimeout(error)) this.discarded = true;
      throw error;
    }
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.discarded) throw new Error('Postgres connection has been discarded');
    if (compiledQuery.sql.startsWith(DEFERRED_IDENTITY_MARKER)) return this.deferIdentity(compiledQuery);
    if (this.deferredIdentity !== null) return this.runDeferred<R>(compiledQuery);
    let result: pg.QueryResult;
    if (this.pendingBegin !== null && compiledQuery.parameters.length === 0) {
      // The simple-query protocol runs several statements in one round trip; the last one's rows
      // are this query's answer.
      const begin = this.pendingBegin;
      this.pendingBegin = null;
      const results = (await this.watch(this.client.query(`${begin}; ${compiledQuery.sql}`))) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(results) ? results.at(-1) : results;
      if (!last) throw new Error('The database answered no result');
      result = last;
    } else {
      await this.sendPendingBegin();
      result = await this.runExtended(compiledQuery);
    }
    const { command, rowCount, rows } = result;
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  /** A statement with parameters, prepared once per connection when it is a frequent one (statement-names.ts). */
  private async runExtended(compiledQuery: CompiledQuery): Promise<pg.QueryResult> {
    const name = this.statementNames.nameFor(compiledQuery.sql);
    try {
      return await this.watch(this.client.query({ text: compiledQuery.sql, values: [...compiledQuery.parameters], ...(name ? { name } : {}) }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A table a prepared statement reads changed shape under it (a migration while running):
      // PostgreSQL refuses that plan from now on, so the next request prepares it under a new name.
      if (name && code === '0A000') this.statementNames.rename(compiledQuery.sql);
      // Names do not survive between transactions here (an undeclared transaction-mode pooler):
      // this request fails, and from now on every statement runs unnamed.
      if (name && code !== undefined && poolerCodes.has(code)) this.statementNames.stopNaming();
      throw error;
    }
  }

  private deferIdentity<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    if (this.pendingBegin === null || !this.readOnly || compiledQuery.parameters.length > 0) {
      throw new Error('An identity prologue can be deferred only as the first statement of a READ ONLY transaction');
    }
    this.deferredIdentity = compiledQuery.sql;
    this.pendingBegin = null;
    return { rows: [] };
  }

  private checkIdentity(result: pg.QueryResult | undefined): void {
    const ok = (result?.rows[0] as { identity_ok?: unknown } | undefined)?.identity_ok === true;
    if (!ok) {
      this.identityChecked = false;
      throw new IdentityChangedError();
    }
    this.identityChecked = true;
  }

  /** At the end of a deferred transaction: its identity must have been confirmed, by a read or now. */
  async finishDeferred(): Promise<void> {
    if (this.identityChecked === null && this.deferredIdentity !== null) {
      const results = await this.simple([...this.implicitPrefix, this.deferredIdentity].join('; '));
      this.checkIdentity(results[this.implicitPrefix.length]);
    }
    if (this.identityChecked !== true) throw new IdentityChangedError();
  }

  private async simple(text: string): Promise<pg.QueryResult[]> {
    const results = (await this.watch(this.client.query(text))) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(results) ? results : [results];
  }

  /** One read as its own implicit transaction, behind the settings and the identity prologue: one round trip. */
  private async runDeferred<R>(compiledQuery: CompiledQuery, retried = false): Promise<QueryResult<R>> {
    const prologue = this.deferredIdentity as string;
    // A refused identity stays refused for the rest of the transaction, whatever a caller caught.
    if (this.identityChecked === false) throw new IdentityChangedError();
    const literals = compiledQuery.parameters.map(literal);
    if (literals.some((value) => value === null)) return this.openDeferred<R>(compiledQuery);
    const args = literals.length > 0 ? `(${literals.join(', ')})` : '';
    const named = this.statementNames.nameFor(compiledQuery.sql);
    const statements = [...this.implicitPrefix, prologue];
    let oneOff: string | undefined;
    let preparedNow: string | undefined;
    if (named) {
      const name = `${named}_q`;
      if (!this.#sqlPrepared.has(name)) {
        statements.push(`prepare ${name} as ${compiledQuery.sql}`);
        this.#sqlPrepared.add(name);
        preparedNow = name;
      }
      statements.push(`execute ${name}${args}`);
    } else if (literals.length === 0) {
      statements.push(compiledQuery.sql);
    } else {
      oneOffCount += 1;
      oneOff = `${oneOffPrefix}${oneOffCount}`;
      statements.push(`prepare ${oneOff} as ${compiledQuery.sql}`, `execute ${oneOff}${args}`, `deallocate ${oneOff}`);
    }
    let results: pg.QueryResult[];
    try {
      results = await this.simple(statements.join(';\n'));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (oneOff) await this.forget(oneOff);
      if (named) {
        const name = `${named}_q`;
        // Prepared statements outlive a failed transaction: whether this one exists now is unknown.
        if (preparedNow) this.#sqlPrepared.delete(name);
        if (code === '0A000') this.statementNames.rename(compiledQuery.sql);
        // A read has no effect to repeat: once more, with this connection's names as they really are.
        if (!retried && (code === '42P05' || code === '26000')) {
          if (code === '42P05') this.#sqlPrepared.add(name);
          return this.runDeferred<R>(compiledQuery, true);
        }
        if (code !== undefined && poolerCodes.has(code)) this.statementNames.stopNaming();
      }
      throw error;
    }
    this.checkIdentity(results[this.implicitPrefix.length]);
    const last = results[statements.length - (oneOff ? 2 : 1)];
    return { numAffectedRows: undefined, rows: (last?.rows ?? []) as R[] };
  }

  /** Drops a one-off prepared statement a failed message may have left on the connection. */
  private async forget(name: string): Promise<void> {
    try {
      const { rows } = await this.client.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements where name = $1', [name]);
      if (rows[0]?.n) await this.client.query(`deallocate ${name}`);
    } catch {
      // The connection is gone or the transaction state is odd: nothing to leak into a next request.
    }
  }

  /**
   * A read whose values cannot travel as text: the transaction is opened for real (BEGIN, settings
   * and the prologue in one trip, then the statement), and the rest of it runs the ordinary way.
   */
  private async openDeferred<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const prologue = this.deferredIdentity as string;
    this.deferredIdentity = null;
    this.pendingBegin = null;
    const results = await this.simple(['start transaction read only', ...this.implicitPrefix.slice(1), prologue].join('; '));
    this.checkIdentity(results.at(-1));
    const result = await this.runExtended(compiledQuery);
    return { numAffectedRows: undefined, rows: (result.rows ?? []) as R[] };
  }

  // eslint-disable-next-line require-yield -- no module streams query results; the interface asks for the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming query results is not supported');
  }

  release(): void {
    this.pendingBegin = null;
    this.readOnly = false;
    this.deferredIdentity = null;
    this.identityChecked = null;
    this.client.release(this.discarded);
  }

  private async sendPendingBegin(): Promise<void> {
    const begin = this.pendingBegin;
    if (begin === null) return;
    this.pendingBegin = null;
    await this.watch(this.client.query(begin));
  }
}

import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';

/**
 * Kysely's PostgreSQL dialect, except that a transaction's BEGIN is not a round trip of its own: it
 * travels with the transaction's first statement when that statement has no bound parameters (the
 * request prologue, whose only values are UUIDs checked before they are written into it). Every
 * round trip a request makes is a moment its connection sits idle in transaction waiting for Node,
 * so under load this is throughput (ADR 0015). Otherwise it behaves as Kysely's own driver.
 */
export class OneTripDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new OneTripDriver(this.#pool);
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

class OneTripDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, OneTripConnection>();
  #pool: pg.Pool | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<OneTripConnection> {
    if (!this.#pool) throw new Error('driver has already been destroyed');
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new OneTripConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: OneTripConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      begin = `start transaction${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''}${settings.accessMode ? ` ${settings.accessMode}` : ''}`;
    }
    connection.pendingBegin = begin;
    connection.readOnly = settings.accessMode === 'read only';
  }

  async commitTransaction(connection: OneTripConnection): Promise<void> {
    // Nothing was sent, so there is nothing to commit.
    if (connection.takePendingBegin()) return;
    if (connection.readOnly) {
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
    if (connection.takePendingBegin()) return;
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

  constructor(private readonly client: pg.PoolClient) {}

  takePendingBegin(): boolean {
    const pending = this.pendingBegin !== null;
    this.pendingBegin = null;
    return pending;
  }

  commitInBackground(): void {
    this.client.query('commit').catch(() => undefined);
  }

  async command(text: string): Promise<string> {
    await this.sendPendingBegin();
    return (await this.client.query(text)).command;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.discarded) throw new Error('Postgres connection has been discarded');
    let result: pg.QueryResult;
    if (this.pendingBegin !== null && compiledQuery.parameters.length === 0) {
      // The simple-query protocol runs several statements in one round trip; the last one's rows
      // are this query's answer.
      const begin = this.pendingBegin;
      this.pendingBegin = null;
      const results = (await this.client.query(`${begin}; ${compiledQuery.sql}`)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(results) ? results.at(-1) : results;
      if (!last) throw new Error('The database answered no result');
      result = last;
    } else {
      await this.sendPendingBegin();
      result = await this.client.query(compiledQuery.sql, [...compiledQuery.parameters]);
    }
    const { command, rowCount, rows } = result;
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  // eslint-disable-next-line require-yield -- no module streams query results; the interface asks for the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming query results is not supported');
  }

  release(): void {
    this.pendingBegin = null;
    this.readOnly = false;
    this.client.release(this.discarded);
  }

  private async sendPendingBegin(): Promise<void> {
    const begin = this.pendingBegin;
    if (begin === null) return;
    this.pendingBegin = null;
    await this.client.query(begin);
  }
}

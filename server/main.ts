import path from 'node:path';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { assertSecretsMatch, SecretsError } from './ops/backup-secrets.js';
import { acquireLock } from './lib/data-dir-lock.js';
import { openDatabase } from './lib/database.js';
import { readableLogStream } from './lib/readable-log.js';
import { startControlSocket } from './ops/embedded-backup.js';
import { migrate } from './lib/migrator.js';
import { tightenModes, usePrivateFileModes } from './lib/private-files.js';
import { startTracing } from './lib/tracing.js';
import { ensureFirstAdmin } from './modules/users/bootstrap.js';
import { shutdownGracefully } from './plugins/drain.js';

/** After the streams' grace period: time to save cut answers and close connections before a forced exit. */
const SHUTDOWN_CLOSE_MS = 5_000;

async function main(): Promise<void> {
  // Before anything is created: the data folder is the service account's only (0600/0700).
  usePrivateFileModes();
  const config = loadConfig();
  // A person at a terminal reads lines, not JSON; a container or a file keeps the JSON (issue 25).
  const logStream = process.stdout.isTTY ? readableLogStream(process.stdout) : undefined;
  const log = logStream ? pino({ level: config.LOG_LEVEL }, logStream) : pino({ level: config.LOG_LEVEL });
  if (config.authSecretGenerated) {
    log.warn({ event: 'config.auth_secret_generated' }, `AUTH_SECRET is not set: using a generated key stored in ${path.join(config.DATA_DIR, 'auth-secret')}. Set AUTH_SECRET in production.`);
  }
  if (config.aiKeysSecretGenerated) {
    log.warn({ event: 'config.ai_keys_secret_generated' }, `AI_KEYS_SECRET is not set: AI connection keys are encrypted with a generated key stored in ${path.join(config.DATA_DIR, 'ai-keys-secret')}. Set AI_KEYS_SECRET in production and keep it safe.`);
  }

  // Before anything opens a connection or a port, so every span has a provider to go to.
  const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT ? await startTracing({ serviceName: config.OTEL_SERVICE_NAME, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }) : undefined;
  if (tracing) log.info({ event: 'tracing.started', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'exporting traces over OTLP');

  // A restored installation runs only with the secrets its data was encrypted with (ADR 0038).
  try {
    assertSecretsMatch(config.DATA_DIR, config);
  } catch (error) {
    if (error instanceof SecretsError) throw new ConfigError([error.message]);
    throw error;
  }

  // The embedded database is one process's: a second server opening the folder would corrupt it.
  const lock = config.DATABASE_URL ? undefined : acquireLock(config.DATA_DIR, 'server');
  // Files an older release left readable by others are made private too.
  tightenModes(config.DATA_DIR);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: path.join(config.DATA_DIR, 'pgdata'),
    poolMax: config.DB_POOL_MAX,
    pooler: config.DATABASE_POOLER,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    onPoolError: (err) => log.warn({ err, event: 'db.pool.error' }, 'database connection lost'),
  });
  // Migrations and the bootstrap need the table owner; the app itself may connect with less.
  const owner = config.MIGRATION_DATABASE_URL ? await openDatabase({ url: config.MIGRATION_DATABASE_URL, poolMax: 1 }) : database;
  const migrated = await migrate(owner.pool);
  // PGlite made its files 0666 (it sets modes itself): the folders are 0700, and the files private too.
  if (!config.DATABASE_URL) tightenModes(config.DATA_DIR);
  log.info({ event: 'db.migrated', database: database.kind, version: migrated.version, applied: migrated.applied }, 'database ready');

  const admin = await ensureFirstAdmin(owner.db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  if (owner !== database) await owner.close();
  if (admin.created) log.info({ event: 'bootstrap.admin_created', email: admin.email }, 'first admin created');
  if (admin.generatedPassword) {
    // Shown once on the terminal, deliberately outside the structured log.
    process.stdout.write(
      `\n  First admin created. Sign in at ${config.APP_URL}/login with\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  (set ADMIN_PASSWORD to choose it yourself)\n\n`,
    );
  }

  const app = await buildApp(config, { database, ...(logStream ? { logStream } : {}) });
  // Background work (ADR 0034): mail, reminders, deliveries. Not started by tests, which call app.jobs.runDue().
  app.jobs.start();
  // `npm run backup` asks the running server for a consistent snapshot of the embedded database.
  // Not being able to offer it (a DATA_DIR path too long for a socket name) must not stop the app.
  const control = database.pglite
    ? await startControlSocket(config.DATA_DIR, database, app.log).catch((err: unknown) => {
        app.log.warn({ err, event: 'backup.socket_unavailable' }, 'online backups are unavailable: npm run backup needs the app stopped');
        return undefined;
      })
    : undefined;
  app.addHook('onClose', async () => {
    await control?.close();
    await database.close();
    await tracing?.shutdown();
    lock?.release();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  if (process.stdout.isTTY) process.stdout.write(`\n  AI GYM is running. Open ${config.APP_URL}/login\n\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ event: 'server.shutdown', signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: refusing new work, letting answers finish');
    // Bounded: grace for streams, then at most SHUTDOWN_CLOSE_MS to save cut answers and close.
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS + 2 * SHUTDOWN_CLOSE_MS);
    force.unref();
    shutdownGracefully(app, config.SHUTDOWN_GRACE_MS, SHUTDOWN_CLOSE_MS).then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`AI GYM failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});

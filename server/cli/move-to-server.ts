import { ConfigError, parseEnv } from '../config.js';
import { MoveError, moveToServer } from '../ops/move-to-server.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/**
 * `npm run db:move-to-server -- --to postgres://owner@host/aigym` (or MIGRATION_DATABASE_URL /
 * DATABASE_URL in the environment): moves the embedded installation in DATA_DIR to that server.
 */
async function run(): Promise<void> {
  usePrivateFileModes();
  const args = process.argv.slice(2);
  const toIndex = args.indexOf('--to');
  const env = parseEnv(process.env);
  const targetUrl = toIndex >= 0 ? args[toIndex + 1] : (env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL);
  if (!targetUrl) throw new MoveError('Name the target: npm run db:move-to-server -- --to postgres://owner@host/aigym (an empty database, as its owner).');
  const target = new URL(targetUrl);
  process.stdout.write(`Moving the embedded database in ${env.DATA_DIR} to ${target.host}${target.pathname}\n`);
  const summary = await moveToServer({ dataDir: env.DATA_DIR, targetUrl, progress: (line) => process.stdout.write(`  ${line}\n`) });
  const width = Math.max(...summary.tables.map((t) => t.table.length));
  process.stdout.write(
    [
      '',
      'table'.padEnd(width) + '  rows (verified)',
      ...summary.tables.map((t) => `${t.table.padEnd(width)}  ${t.rows}`),
      '',
      `Moved in ${summary.durationMs} ms at schema version ${summary.schemaVersion}: ${summary.tables.reduce((a, t) => a + t.rows, 0)} rows in ${summary.tables.length} tables.`,
      `${summary.sessionsRevoked} session(s) revoked: everyone signs in again.`,
      `${summary.uploadReferences} upload reference(s) checked: keep ${env.DATA_DIR}/uploads as the instances' DATA_DIR/uploads (shared storage with several instances).`,
      `Next: set DATABASE_URL (the app role) and MIGRATION_DATABASE_URL (the owner) as in docs/deployment.md, and AI_KEYS_SECRET to the content of ${env.DATA_DIR}/ai-keys-secret (stored AI keys are encrypted with it), then start the app. The embedded database is left as it was.`,
      '',
    ].join('\n'),
  );
}

run().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof MoveError;
  process.stderr.write(`move refused: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\nThe target database was left unchanged.\n`);
  process.exit(1);
});

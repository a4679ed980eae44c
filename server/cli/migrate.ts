import path from 'node:path';
import { ConfigError, parseEnv } from '../config.js';
import { DataDirBusyError, lockForCommand } from '../lib/data-dir-lock.js';
import { openDatabase } from '../lib/database.js';
import { migrate, rollback } from '../lib/migrator.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/** `npm run db:migrate` applies every pending migration; `npm run db:rollback [steps]` steps back. */
async function run(): Promise<void> {
  usePrivateFileModes();
  const [direction = 'up', steps = '1'] = process.argv.slice(2);
  const env = parseEnv(process.env);
  const url = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
  const lock = lockForCommand(env.DATA_DIR, url, direction === 'down' ? 'rollback' : 'migrate');
  try {
    const database = await openDatabase({ url, pgliteDir: path.join(env.DATA_DIR, 'pgdata') });
    try {
      const result = direction === 'down' ? await rollback(database.pool, Number(steps)) : await migrate(database.pool);
      process.stdout.write(`${result.applied.length ? result.applied.join('\n') : 'nothing to do'}\nschema version: ${result.version}\n`);
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof DataDirBusyError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});

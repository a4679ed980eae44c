import { DATASET_MIN_VERSION, rehearse } from '../ops/rehearsal.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/**
 * `npm run db:rehearse -- --scale small|full [--from N] [--server postgres://…] [--keep]`: every
 * migration after version N (production's) applied, undone and redone on the synthetic dataset.
 */
function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function run(): Promise<void> {
  usePrivateFileModes();
  const args = process.argv.slice(2);
  const scale = option(args, '--scale') ?? 'small';
  if (scale !== 'small' && scale !== 'full') throw new Error('--scale is small (200 members, 20,000 messages) or full (10,000 members, 1,000,000 messages)');
  const serverUrl = option(args, '--server') ?? process.env.REHEARSAL_DATABASE_URL;
  if (!serverUrl) throw new Error('Name a PostgreSQL server where a scratch database may be created: --server postgres://postgres@127.0.0.1:5432/postgres (or REHEARSAL_DATABASE_URL). Never your production database: use a copy of its server.');
  const from = option(args, '--from');
  const result = await rehearse({
    serverUrl,
    scale,
    from: from === undefined ? DATASET_MIN_VERSION : Number(from),
    keep: args.includes('--keep'),
    progress: (line) => process.stdout.write(`${line}\n`),
  });
  const lost = Object.entries(result.rows.before).filter(([t, n]) => (result.rows.after[t] ?? 0) < n);
  if (lost.length) process.exitCode = 1;
  const hot = result.steps.filter((s) => s.hot.length > 0);
  process.stdout.write(
    [
      '',
      `Rehearsed migrations ${result.from + 1}…${result.to} (do, undo, redo) on the ${scale} dataset, loaded in ${(result.loadMs / 1000).toFixed(1)} s.`,
      `Rows before → after: ${Object.entries(result.rows.before).map(([t, n]) => `${t} ${n} → ${result.rows.after[t] ?? 0}`).join(', ')}; schema version ${result.finalVersion}.`,
      `Slowest step: ${[...result.steps].sort((a, b) => b.ms - a.ms).map((s) => `${s.version} ${s.action} ${s.ms.toFixed(0)} ms`)[0] ?? 'none'}.`,
      hot.length
        ? `Steps holding ACCESS EXCLUSIVE on a hot table (requests on it wait until the step commits): ${hot.map((s) => `${s.version} ${s.action} (${s.hot.join(', ')})`).join('; ')}.`
        : 'No step took an ACCESS EXCLUSIVE lock on a hot table.',
      lost.length ? `ROWS LOST after undo/redo in ${lost.map(([t]) => t).join(', ')}: a migration's undo or redo drops data.` : '',
    ].join('\n'),
  );
}

run().catch((error: unknown) => {
  process.stderr.write(`rehearsal failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

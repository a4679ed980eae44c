// The analytics scale dataset: 10,000 members in 20 communities, 100,000 conversations and
// 1,000,000 messages over the last 90 days, 500 content items and 100,000 progress rows.
// The generator itself is server/ops/synthetic-dataset.ts, shared with the migration rehearsal.
// Used by bench/analytics.mjs; run alone: node --import tsx bench/analytics-dataset.mjs <data dir>
import { newDataDir, openBenchDatabase } from './lib.mjs';

export const MANAGER = { email: 'manager-1@bench.example', password: 'bench password 123' };

export async function buildAnalyticsDataset(dataDir) {
  const db = await openBenchDatabase(dataDir);
  const { loadSyntheticDataset } = await import('../dist/server/ops/synthetic-dataset.js');
  const started = Date.now();
  await loadSyntheticDataset((text, params) => db.pool.query(text, params), 'full', (line) => process.stdout.write(`${line}\n`));
  await db.close();
  process.stdout.write(`dataset built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? newDataDir();
  await buildAnalyticsDataset(dir);
  process.stdout.write(`data dir: ${dir}\n`);
}

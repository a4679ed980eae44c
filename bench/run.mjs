// npm run bench: every benchmark in turn, each printing its own figures.
import { spawnSync } from 'node:child_process';

for (const name of ['auth', 'content', 'chat', 'knowledge', 'exercise', 'analytics', 'compare']) {
  // tsx lets a benchmark reuse the test suite's TypeScript helpers (the local AI provider).
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.mjs`], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

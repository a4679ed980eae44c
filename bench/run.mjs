// npm run bench: every benchmark in turn, each printing its own figures.
import { spawnSync } from 'node:child_process';

for (const name of ['auth', 'content']) {
  const result = spawnSync(process.execPath, [`bench/${name}.mjs`], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

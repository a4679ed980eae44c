// bench/content: a member listing and searching content, with 10,000 items across 100
// communities. Prints requests per second and p50/p99 for each.
import { loadContentDataset, MEMBER } from './content-dataset.mjs';
import { load, login, newDataDir, report, startServer } from './lib.mjs';

const dataDir = newDataDir();
await loadContentDataset(dataDir);
const server = await startServer({ dataDir });
try {
  process.stdout.write(`bench/content on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}, autocannon from a second process\n`);
  const member = { authorization: `Bearer ${await login(server.base, MEMBER)}` };
  const admin = { authorization: `Bearer ${await login(server.base)}` };
  report('member: GET /api/content', await load({ url: `${server.base}/api/content`, headers: member }));
  report('member: GET /api/content?kind=video', await load({ url: `${server.base}/api/content?kind=video`, headers: member }));
  report('member: GET /api/content?q=spreadsheets', await load({ url: `${server.base}/api/content?q=spreadsheets`, headers: member }));
  report('admin: GET /api/content?q=summaries', await load({ url: `${server.base}/api/content?q=summaries`, headers: admin }));
} finally {
  await server.stop();
}

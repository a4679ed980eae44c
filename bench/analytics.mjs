// bench/analytics: p50/p95 of every analytics endpoint on the scale dataset (10,000 members,
// 100,000 conversations, 1,000,000 messages), as an admin (all and one community) and a manager.
import { buildAnalyticsDataset, MANAGER } from './analytics-dataset.mjs';
import { login, measureLatency, newDataDir, printLatency, startServer } from './lib.mjs';

const dataDir = newDataDir();
process.stdout.write(`bench/analytics on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}: building the dataset\n`);
await buildAnalyticsDataset(dataDir);
const server = await startServer({ dataDir });
try {
  const admin = { authorization: `Bearer ${await login(server.base)}` };
  const manager = { authorization: `Bearer ${await login(server.base, MANAGER)}` };
  const communities = await (await fetch(`${server.base}/api/communities?limit=1`, { headers: admin })).json();
  const communityId = communities.items[0].id;
  const members = await (await fetch(`${server.base}/api/analytics/members`, { headers: manager })).json();
  const memberId = members.items[0].userId;
  const panels = ['summary', 'activity', 'top-agents', 'content-engagement', 'communities', 'members'];
  for (const panel of panels.filter((p) => p !== 'members')) {
    printLatency(`admin   /api/analytics/${panel}`, await measureLatency(`${server.base}/api/analytics/${panel}`, admin, { requests: 100 }));
  }
  for (const panel of panels) {
    printLatency(`admin   /api/analytics/${panel}?communityId`, await measureLatency(`${server.base}/api/analytics/${panel}?communityId=${communityId}`, admin, { requests: 100 }));
  }
  for (const panel of panels.filter((p) => p !== 'communities')) {
    printLatency(`manager /api/analytics/${panel}`, await measureLatency(`${server.base}/api/analytics/${panel}`, manager, { requests: 100 }));
  }
  printLatency('manager /api/analytics/members/:userId', await measureLatency(`${server.base}/api/analytics/members/${memberId}`, manager, { requests: 100 }));
} finally {
  await server.stop();
}

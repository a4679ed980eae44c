// bench/import: how long other people wait while an admin imports 1,000 people with passwords.
// Passwords are hashed outside any transaction (users-import.service.ts), so on embedded PGlite,
// whose single connection every request shares, /api/auth/me should stay fast during the import.
// Usage: node bench/import.mjs   (BENCH_DATABASE_URL=postgres://... to run against a server)
import { login, measureLatency, printLatency, startServer } from './lib.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1000);
const server = await startServer({ port: 4170 });
try {
  const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
  process.stdout.write(`bench/import on ${database}: ${ROWS} rows with passwords; /api/auth/me of another user measured from this process against ${server.base}\n`);
  const adminToken = await login(server.base);
  const member = { email: 'bench-member@example.com', password: 'bench member password 123' };
  const created = await fetch(`${server.base}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...member, displayName: 'Bench Member', role: 'member' }),
  });
  if (!created.ok) throw new Error(`could not create the member: ${created.status} ${await created.text()}`);
  const memberHeaders = { authorization: `Bearer ${await login(server.base, member)}` };
  const me = `${server.base}/api/auth/me`;

  printLatency('GET /api/auth/me, quiet', await measureLatency(me, memberHeaders, { requests: 200, concurrency: 1 }));

  const lines = ['email,display name,password'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`imported${i}@example.com,Imported ${i},imported password ${i}`);
  const started = performance.now();
  let importDone = false;
  const importing = fetch(`${server.base}/api/users/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
    body: lines.join('\n'),
  }).then(async (response) => {
    importDone = true;
    if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    return response.json();
  });

  // One request at a time until the import answers, like a person using the app meanwhile.
  const latencies = [];
  let failed = 0;
  while (!importDone) {
    const t0 = performance.now();
    const response = await fetch(me, { headers: memberHeaders });
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (!response.ok) failed += 1;
  }
  const result = await importing;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  printLatency('GET /api/auth/me, during the import', { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: latencies.length, failed });
  process.stdout.write(`import: ${result.created} created in ${seconds.toFixed(1)} s; slowest /me during it ${at(1).toFixed(1)} ms\n`);
} finally {
  await server.stop();
}

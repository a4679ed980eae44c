// bench/soak: mixed traffic at a fixed rate for ten minutes (SOAK_SECONDS to change): sign-ins,
// library lists and sandbox chats on the offline model. Prints the error rate, p95 latency and the
// server's resident memory after warm-up and at the end (from its own /metrics).
import { login, newDataDir, openBenchDatabase, startServer } from './lib.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 20); // requests per second
const WARMUP_SECONDS = Math.min(60, Math.floor(SECONDS / 5));
const USERS = 20;
const PASSWORD = 'soak password 123';

async function seed(dataDir) {
  const db = await openBenchDatabase(dataDir);
  const { hashPassword } = await import('../dist/server/lib/passwords.js');
  const hash = await hashPassword(PASSWORD);
  const q = (text, params) => db.pool.query(text, params);
  const { rows: [community] } = await q(`insert into communities (name) values ('Soak') returning id`);
  await q(`insert into users (email, display_name, password_hash) select 'soak-' || g || '@example.com', 'Soak ' || g, $1 from generate_series(1, ${USERS}) g`, [hash]);
  await q(`insert into community_members (community_id, user_id) select $1, id from users`, [community.id]);
  await q(`insert into content_items (kind, title, status) select (array['video','document','prompt'])[1 + g % 3], 'Lesson ' || g, 'published' from generate_series(1, 60) g`);
  await q(`insert into content_items (kind, title, status) values ('agent', 'Soak coach', 'published')`);
  await q(`insert into agent_details (content_id, system_prompt) select id, 'You are a patient coach.' from content_items where kind = 'agent'`);
  await q(`insert into content_assignments (content_id, community_id) select id, $1 from content_items`, [community.id]);
  const { rows: [agent] } = await q(`select id from content_items where kind = 'agent'`);
  await db.close();
  return agent.id;
}

async function residentMemory(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(text);
  return match ? Number(match[1]) : NaN;
}

const dataDir = newDataDir();
const agentId = await seed(dataDir);
const server = await startServer({ dataDir, env: { CHAT_MESSAGES_PER_MINUTE: '100000', OFFLINE_TOKEN_DELAY_MS: '5' } });
try {
  const users = [];
  for (let i = 1; i <= USERS; i += 1) {
    const email = `soak-${i}@example.com`;
    const token = await login(server.base, { email, password: PASSWORD });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const conversation = await (await fetch(`${server.base}/api/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ agentId }) })).json();
    users.push({ email, auth, conversationId: conversation.id });
  }
  process.stdout.write(`bench/soak: ${RATE} req/s for ${SECONDS} s (warm-up ${WARMUP_SECONDS} s), ${USERS} users, offline model\n`);

  const latencies = [];
  let errors = 0;
  let sent = 0;
  let warmMemory = NaN;
  const actions = [
    async (u) => fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: PASSWORD }) }),
    async (u) => fetch(`${server.base}/api/content?limit=20`, { headers: u.auth }),
    async (u) => fetch(`${server.base}/api/content?q=lesson&kind=video`, { headers: u.auth }),
    async (u) => fetch(`${server.base}/api/conversations`, { headers: u.auth }),
    async (u) => fetch(`${server.base}/api/conversations/${u.conversationId}/messages`, { method: 'POST', headers: u.auth, body: JSON.stringify({ text: 'Give me one tip' }) }),
  ];
  const started = Date.now();
  const inFlight = new Set();
  while (Date.now() - started < SECONDS * 1000) {
    const elapsed = (Date.now() - started) / 1000;
    if (Number.isNaN(warmMemory) && elapsed >= WARMUP_SECONDS) warmMemory = await residentMemory(server.base);
    const user = users[sent % USERS];
    const action = actions[sent % actions.length];
    sent += 1;
    const t0 = performance.now();
    const p = action(user)
      .then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) errors += 1;
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => {
        if (elapsed >= WARMUP_SECONDS) latencies.push(performance.now() - t0);
        inFlight.delete(p);
      });
    inFlight.add(p);
    await new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
  }
  await Promise.all(inFlight);
  const endMemory = await residentMemory(server.base);
  latencies.sort((a, b) => a - b);
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? NaN;
  const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  process.stdout.write(`requests ${sent}, errors ${errors} (${((errors / sent) * 100).toFixed(2)}%), p95 ${p95.toFixed(1)} ms\n`);
  process.stdout.write(`server memory after warm-up ${mb(warmMemory)}, at the end ${mb(endMemory)} (${(((endMemory - warmMemory) / warmMemory) * 100).toFixed(1)}%)\n`);
} finally {
  await server.stop();
}

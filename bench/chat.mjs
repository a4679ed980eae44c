// bench/chat: what the platform adds to streaming chats, and how the history scales.
//  - time to first token through the platform vs. calling the same local provider directly (p50/p99)
//  - 200 concurrent streams: every one must arrive whole and in order
//  - the history list of a user with 10,000 conversations (p95)
//  - the latest page of a 2,500-message conversation (p95)
// Run with `node --import tsx bench/chat.mjs` (npm run bench does): the provider is the test suite's
// local server speaking OpenAI's streaming protocol.
import { startFakeProvider } from '../server/test/fake-ai-provider.ts';
import { firstTokenDirect, streamThroughPlatform } from './chat-timing.mjs';
import { login, measureLatency, newDataDir, openBenchDatabase, printLatency, startServer } from './lib.mjs';

const MEMBER = { email: 'chat-member@example.com', password: 'bench password 123' };
const TOKENS = Array.from({ length: 40 }, (_, i) => `t${i} `);
const EXPECTED = TOKENS.join('');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function seed(dataDir) {
  const db = await openBenchDatabase(dataDir);
  const { hashPassword } = await import('../dist/server/lib/passwords.js');
  const q = (text, params) => db.pool.query(text, params);
  const { rows: [community] } = await q(`insert into communities (name) values ('Bench') returning id`);
  const { rows: [user] } = await q(`insert into users (email, display_name, password_hash) values ($1, 'Chat Member', $2) returning id`, [MEMBER.email, await hashPassword(MEMBER.password)]);
  await q(`insert into community_members (community_id, user_id) values ($1, $2)`, [community.id, user.id]);
  const { rows: [agent] } = await q(`insert into content_items (kind, title, status) values ('agent', 'Bench agent', 'published') returning id`);
  await q(`insert into agent_details (content_id, system_prompt) values ($1, 'You are a benchmark.')`, [agent.id]);
  await q(`insert into content_assignments (content_id, community_id) values ($1, $2)`, [agent.id, community.id]);
  await q(
    `insert into conversations (user_id, agent_id, title, created_at, updated_at)
     select $1, $2, 'Conversation ' || g, now() - g * interval '1 minute', now() - g * interval '1 minute' from generate_series(1, 10000) g`,
    [user.id, agent.id],
  );
  const { rows: [big] } = await q(`insert into conversations (user_id, agent_id, title) values ($1, $2, 'Long one') returning id`, [user.id, agent.id]);
  await q(
    `insert into messages (conversation_id, user_id, role, text, created_at)
     select $1, $2, case when g % 2 = 0 then 'user' else 'assistant' end, 'Message number ' || g || ' with a little text to search through.',
            now() - (2500 - g) * interval '1 second' from generate_series(1, 2500) g`,
    [big.id, user.id],
  );
  await q('analyze');
  await db.close();
  return { agentId: agent.id, bigConversationId: big.id };
}

const fake = await startFakeProvider({ kind: 'answer', tokens: TOKENS, delayMs: 1 });
const dataDir = newDataDir();
const { agentId, bigConversationId } = await seed(dataDir);
const server = await startServer({
  dataDir,
  env: { AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'bench', CHAT_MESSAGES_PER_MINUTE: '100000000', DB_POOL_MAX: '20' },
});
try {
  process.stdout.write(`bench/chat on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}, local OpenAI-protocol provider\n`);
  const auth = { authorization: `Bearer ${await login(server.base, MEMBER)}` };
  const newConversation = async () =>
    (await (await fetch(`${server.base}/api/conversations`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ agentId }) })).json()).id;

  const direct = [];
  const platform = [];
  const conversation = await newConversation();
  for (let i = 0; i < 60; i += 1) {
    direct.push(await firstTokenDirect(fake.baseUrl));
    platform.push((await streamThroughPlatform(server.base, auth, conversation)).first);
  }
  process.stdout.write(`time to first token, provider direct      p50 ${fmt(percentile(direct, 50))}  p99 ${fmt(percentile(direct, 99))}\n`);
  process.stdout.write(`time to first token, through the platform p50 ${fmt(percentile(platform, 50))}  p99 ${fmt(percentile(platform, 99))}\n`);
  process.stdout.write(`added by the platform                     p50 ${fmt(percentile(platform, 50) - percentile(direct, 50))}  p99 ${fmt(percentile(platform, 99) - percentile(direct, 99))}\n`);

  const conversations = await Promise.all(Array.from({ length: 200 }, newConversation));
  const started = performance.now();
  const results = await Promise.all(conversations.map((id) => streamThroughPlatform(server.base, auth, id).catch((error) => ({ text: `failed: ${error}` }))));
  const bad = results.filter((r) => r.text !== EXPECTED).length;
  process.stdout.write(`200 concurrent streams: ${200 - bad} whole and in order, ${bad} lost or reordered, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  printLatency('history list of a user with 10,000 conversations', await measureLatency(`${server.base}/api/conversations`, auth));
  printLatency('latest page of a 2,500-message conversation', await measureLatency(`${server.base}/api/conversations/${bigConversationId}/messages`, auth));
  if (bad > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await fake.close();
}

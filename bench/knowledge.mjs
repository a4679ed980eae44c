// bench/knowledge: retrieval for knowledge-grounded agents.
//  - retrieval time (p50/p95) for an agent given 1,000 library documents, as a member (RLS on),
//    with how often the passage holding the answer is among those sent
//  - the time to first token it adds: the same question to an agent with and without that material
// Run with `node --import tsx bench/knowledge.mjs` (npm run bench does): the provider is the test
// suite's local server speaking OpenAI's streaming protocol.
import { sql } from 'kysely';
import { startFakeProvider } from '../server/test/fake-ai-provider.ts';
import { login, newDataDir, openBenchDatabase, startServer } from './lib.mjs';

const MEMBER = { email: 'knowledge-member@example.com', password: 'bench password 123' };
const DOCUMENTS = 1000;
const QUESTIONS = 300;
const TOKENS = Array.from({ length: 20 }, (_, i) => `t${i} `);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// Deterministic filler from a small vocabulary, so documents share most of their words (the hard
// case for ranking) and each holds one fact no other has.
const words = 'team budget travel policy approval request manager invoice quarter report customer onboarding training laptop security expense contract supplier meeting review'.split(' ');
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const sentence = () => `${Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' ')}.`;
const paragraph = () => Array.from({ length: 5 }, sentence).join(' ');
const codename = (i) => `project-${(i * 7919).toString(36)}`;
const fact = (i) => `The approval limit for ${codename(i)} is ${100 + i} euros per request.`;

async function seedData(dataDir) {
  const db = await openBenchDatabase(dataDir);
  const { hashPassword } = await import('../dist/server/lib/passwords.js');
  const { chunkText } = await import('../dist/server/modules/knowledge/chunking.js');
  const q = (text, params) => db.pool.query(text, params);
  const { rows: [community] } = await q(`insert into communities (name) values ('Knowledge bench') returning id`);
  const { rows: [user] } = await q(`insert into users (email, display_name, password_hash) values ($1, 'Knowledge Member', $2) returning id`, [MEMBER.email, await hashPassword(MEMBER.password)]);
  await q(`insert into community_members (community_id, user_id) values ($1, $2)`, [community.id, user.id]);
  const documentIds = [];
  for (let i = 0; i < DOCUMENTS; i += 1) {
    const body = [paragraph(), paragraph(), `${sentence()} ${fact(i)} ${sentence()}`, paragraph()];
    const { rows: [doc] } = await q(`insert into content_items (kind, title, status) values ('document', $1, 'published') returning id`, [`Handbook page ${i}`]);
    await q(`insert into document_details (content_id, body_html) values ($1, $2)`, [doc.id, body.map((p) => `<p>${p}</p>`).join('')]);
    await q(`insert into content_assignments (content_id, community_id) values ($1, $2)`, [doc.id, community.id]);
    const chunks = chunkText(body.join('\n\n'));
    await q(
      `insert into knowledge_chunks (source_type, content_id, ordinal, text) select 'document', $1, o - 1, t from unnest($2::text[]) with ordinality as c(t, o)`,
      [doc.id, chunks],
    );
    documentIds.push(doc.id);
  }
  const agent = async (title, contentIds) => {
    const { rows: [row] } = await q(`insert into content_items (kind, title, status) values ('agent', $1, 'published') returning id`, [title]);
    await q(`insert into agent_details (content_id, system_prompt, knowledge_content_ids) values ($1, 'You are the handbook assistant.', $2)`, [row.id, contentIds]);
    await q(`insert into content_assignments (content_id, community_id) values ($1, $2)`, [row.id, community.id]);
    return row.id;
  };
  const grounded = await agent('Handbook (1,000 documents)', documentIds);
  const plain = await agent('Handbook (no material)', []);
  await q('analyze');
  return { db, userId: user.id, documentIds, grounded, plain };
}

/** Retrieval alone, in-process, as the member: one transaction under RLS per question. */
async function measureRetrieval(db, userId, documentIds, ask) {
  const { retrieveGrounding } = await import('../dist/server/modules/knowledge/retrieval.js');
  const knowledge = { contentIds: documentIds, fileIds: [], strict: false };
  const times = [];
  let hits = 0;
  for (let n = 0; n < QUESTIONS; n += 1) {
    const i = Math.floor(random() * DOCUMENTS);
    const started = performance.now();
    const grounding = await db.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${userId}::text, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
      const ctx = { db: trx, actor: { userId, sessionId: '', role: 'member' } };
      return retrieveGrounding(ctx, knowledge, ask(i), { vectorSupport: 'arrays', questionEmbedding: null });
    });
    times.push(performance.now() - started);
    if (grounding.passages.some((p) => p.sourceId === documentIds[i] && p.text.includes(`${100 + i} euros`))) hits += 1;
  }
  return { times, hits };
}

async function firstToken(base, auth, agentId, text) {
  const conversation = await (await fetch(`${base}/api/conversations`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ agentId }) })).json();
  const started = performance.now();
  const response = await fetch(`${base}/api/conversations/${conversation.id}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const reader = response.body.getReader();
  let raw = '';
  let first = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += new TextDecoder().decode(value);
    if (first === null && raw.includes('"type":"text-delta"')) first = performance.now() - started;
  }
  return first;
}

const dataDir = newDataDir();
const seeding = performance.now();
const { db, userId, documentIds, grounded, plain } = await seedData(dataDir);
process.stdout.write(`bench/knowledge on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}: ${DOCUMENTS} documents indexed in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);
// Two kinds of question: one using the text's own words (every term matches), and one in other
// words, where only some terms match and many more passages must be ranked.
let allHits = 0;
for (const [label, ask] of [
  ['in the text’s words', (i) => `What is the approval limit for ${codename(i)}?`],
  ['in other words     ', (i) => `How many euros may I spend on ${codename(i)}?`],
]) {
  const { times, hits } = await measureRetrieval(db, userId, documentIds, ask);
  allHits += hits;
  process.stdout.write(`retrieval over ${DOCUMENTS} documents, question ${label}  p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  answer passage sent ${hits}/${QUESTIONS}\n`);
}
await db.close();

const fake = await startFakeProvider({ kind: 'answer', tokens: TOKENS, delayMs: 1 });
const server = await startServer({ dataDir, port: 4140, env: { AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'bench', CHAT_MESSAGES_PER_MINUTE: '100000000' } });
try {
  const auth = { authorization: `Bearer ${await login(server.base, MEMBER)}` };
  const withMaterial = [];
  const without = [];
  for (let n = 0; n < 60; n += 1) {
    const text = `What is the approval limit for ${codename(Math.floor(random() * DOCUMENTS))}?`;
    without.push(await firstToken(server.base, auth, plain, text));
    withMaterial.push(await firstToken(server.base, auth, grounded, text));
  }
  process.stdout.write(`time to first token, agent without material   p50 ${fmt(percentile(without, 50))}  p95 ${fmt(percentile(without, 95))}\n`);
  process.stdout.write(`time to first token, agent with ${DOCUMENTS} documents p50 ${fmt(percentile(withMaterial, 50))}  p95 ${fmt(percentile(withMaterial, 95))}\n`);
  process.stdout.write(`added by retrieval                            p50 ${fmt(percentile(withMaterial, 50) - percentile(without, 50))}  p95 ${fmt(percentile(withMaterial, 95) - percentile(without, 95))}\n`);
  if (allHits < 2 * QUESTIONS * 0.9) process.exitCode = 1;
} finally {
  await server.stop();
  await fake.close();
}

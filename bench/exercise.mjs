// bench/exercise: how long a learner waits between submitting an attempt and seeing its score.
//  - submit → scored result on the offline evaluator (p50/p95)
//  - submit → scored result through a model (the test suite's local OpenAI-protocol server), and
//    the time the platform adds over calling that provider directly with the same request
//  - reading the skill views built from those scores: the member's own, and every member's (admin)
// Run with `node --import tsx bench/exercise.mjs` (npm run bench does).
import { startFakeProvider } from '../server/test/fake-ai-provider.ts';
import { ADMIN, login, newDataDir, openBenchDatabase, startServer } from './lib.mjs';

const MEMBER = { email: 'exercise-member@example.com', password: 'bench password 123' };
const RUNS = 60;
// Two servers on PORT and PORT + 1; BENCH_PORT moves them (several checkouts on one machine).
const PORT = Number(process.env.BENCH_PORT ?? 4110);
const RUBRIC = [
  { id: 'audience', title: 'Names the audience', description: 'Says who the summary is for: the support lead.', weight: 3 },
  { id: 'format', title: 'Asks for a format', description: 'Requests bullet points or a table with a word limit.', weight: 2 },
  { id: 'facts', title: 'Keeps the facts straight', description: 'Asks for order numbers, dates and amounts to be quoted exactly.', weight: 2 },
  { id: 'tone', title: 'Flags tone and urgency', description: 'Asks the assistant to note the customer tone and urgency.', weight: 1 },
];
const ANSWER =
  'Summarise this customer email for the support lead in at most five bullet points with a 80-word limit. Quote order numbers, dates and amounts exactly. Note the tone and how urgent a reply is.';
const VERDICT = JSON.stringify({
  criteria: RUBRIC.map((c) => ({ criterionId: c.id, score: 80, justification: 'Covered.', evidence: 'for the support lead' })),
  feedback: 'Ask for a suggested next action too.',
});

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
  const { rows: [user] } = await q(`insert into users (email, display_name, password_hash) values ($1, 'Exercise Member', $2) returning id`, [MEMBER.email, await hashPassword(MEMBER.password)]);
  await q(`insert into community_members (community_id, user_id) values ($1, $2)`, [community.id, user.id]);
  const { rows: [exercise] } = await q(`insert into content_items (kind, title, status) values ('exercise', 'Bench exercise', 'published') returning id`);
  await q(`insert into exercise_details (content_id, brief, rubric, pass_mark) values ($1, 'Write the prompt.', $2, 60)`, [exercise.id, JSON.stringify(RUBRIC)]);
  await q(`insert into content_assignments (content_id, community_id) values ($1, $2)`, [exercise.id, community.id]);
  await db.close();
  return exercise.id;
}

async function timeSubmits(base, exerciseId) {
  const auth = { authorization: `Bearer ${await login(base, MEMBER)}`, 'content-type': 'application/json' };
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = await fetch(`${base}/api/exercises/${exerciseId}/attempts`, { method: 'POST', headers: auth, body: '{}' });
    if (started.status !== 201) throw new Error(`start failed: ${started.status} ${await started.text()}`);
    const { attempt } = await started.json();
    const t0 = performance.now();
    const response = await fetch(`${base}/api/attempts/${attempt.id}/submit`, { method: 'POST', headers: auth, body: JSON.stringify({ answer: ANSWER }) });
    const body = await response.json();
    times.push(performance.now() - t0);
    if (body.attempt?.status !== 'evaluated') throw new Error(`not scored: ${JSON.stringify(body)}`);
  }
  return times;
}

/** The same structured-output request the evaluator makes, sent straight to the provider. */
async function timeDirect(baseUrl) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({
        model: 'judge',
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'rubric_scores', schema: { type: 'object' } } },
        messages: [
          { role: 'system', content: 'You are the evaluator.' },
          { role: 'user', content: ANSWER },
        ],
      }),
    });
    JSON.parse((await response.json()).choices[0].message.content);
    times.push(performance.now() - t0);
  }
  return times;
}

/** GET `path` RUNS times as `who`, once the member has RUNS scored attempts. */
async function timeReads(base, who, path) {
  const auth = { authorization: `Bearer ${await login(base, who)}` };
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    const response = await fetch(`${base}${path}`, { headers: auth });
    await response.json();
    times.push(performance.now() - t0);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
  }
  return times;
}

const line = (label, times) => process.stdout.write(`${label.padEnd(48)} p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}\n`);

process.stdout.write(`bench/exercise on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}, ${RUNS} attempts each\n`);
{
  const dataDir = newDataDir();
  const exerciseId = await seed(dataDir);
  const server = await startServer({ dataDir, port: PORT });
  try {
    line('submit → scored, offline evaluator', await timeSubmits(server.base, exerciseId));
    line('skills: the member\'s own view', await timeReads(server.base, MEMBER, '/api/analytics/skills'));
    line('skills: every member\'s (admin)', await timeReads(server.base, ADMIN, '/api/analytics/skills/members'));
  } finally {
    await server.stop();
  }
}
{
  const fake = await startFakeProvider({ kind: 'reply', reply: () => VERDICT });
  const dataDir = newDataDir();
  const exerciseId = await seed(dataDir);
  const server = await startServer({ dataDir, port: PORT + 1, env: { AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'bench' } });
  try {
    const direct = await timeDirect(fake.baseUrl);
    const platform = await timeSubmits(server.base, exerciseId);
    line('provider called directly (same request shape)', direct);
    line('submit → scored, through the model', platform);
    process.stdout.write(
      `${'added by the platform'.padEnd(48)} p50 ${fmt(percentile(platform, 50) - percentile(direct, 50))}  p95 ${fmt(percentile(platform, 95) - percentile(direct, 95))}\n`,
    );
  } finally {
    await server.stop();
    await fake.close();
  }
}

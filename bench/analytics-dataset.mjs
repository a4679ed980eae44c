// The analytics scale dataset: 10,000 members in 20 communities, 100,000 conversations and
// 1,000,000 messages over the last 90 days, 500 content items and 100,000 progress rows.
// Bulk-loaded with the rollup triggers bypassed, then the rollup is rebuilt once.
// Used by bench/analytics.mjs; run alone: node --import tsx bench/analytics-dataset.mjs <data dir>
import { ADMIN, newDataDir, openBenchDatabase } from './lib.mjs';

export const MANAGER = { email: 'manager-1@bench.example', password: 'bench password 123' };

export async function buildAnalyticsDataset(dataDir) {
  const db = await openBenchDatabase(dataDir);
  const { hashPassword } = await import('../dist/server/lib/passwords.js');
  const q = (text, params) => db.pool.query(text, params);
  const started = Date.now();
  const step = async (label, text, params) => {
    const t0 = Date.now();
    await q(text, params);
    process.stdout.write(`  ${label.padEnd(34)} ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  const hash = await hashPassword(MANAGER.password);
  await q(`insert into users (email, display_name, role, password_hash) values ($1, 'Bench Admin', 'admin', $2)`, [ADMIN.email, await hashPassword(ADMIN.password)]);
  await step('communities', `insert into communities (name) select 'Client ' || g from generate_series(1, 20) g`);
  await step('10,000 members', `insert into users (email, display_name, password_hash) select 'member-' || g || '@bench.example', 'Member ' || g, $1 from generate_series(1, 10000) g`, [hash]);
  await step('20 managers', `insert into users (email, display_name, password_hash) select 'manager-' || g || '@bench.example', 'Manager ' || g, $1 from generate_series(1, 20) g`, [hash]);
  await step(
    'memberships',
    `insert into community_members (community_id, user_id, role)
     select c.id, u.id, case when u.email like 'manager-%' then 'manager' else 'member' end
       from (select id, email, (substring(email from '-(\\d+)@')::int - 1) % 20 as slot from users where email like '%@bench.example') u
       join (select id, row_number() over (order by id) - 1 as slot from communities) c on c.slot = u.slot`,
  );
  await step(
    '500 content items',
    `insert into content_items (kind, title, status) select (array['agent','video','document','prompt','automation'])[1 + g % 5], 'Item ' || g, 'published' from generate_series(1, 500) g`,
  );
  await q(`insert into agent_details (content_id, system_prompt) select id, 'You are a coach.' from content_items where kind = 'agent'`);
  await step('assignments', `insert into content_assignments (content_id, community_id) select ci.id, c.id from content_items ci cross join communities c`);
  await q(`set session_replication_role = replica`);
  await step(
    '100,000 conversations',
    `insert into conversations (user_id, agent_id, title, created_at, updated_at)
     select u.id, a.id, 'Conversation ' || g, t, t
       from generate_series(1, 100000) g
       cross join lateral (select now() - ((g * 7919) % (90 * 24 * 60)) * interval '1 minute' as t) ts
       join (select id, row_number() over (order by id) as n from users where email like 'member-%') u on u.n = 1 + (g * 31) % 10000
       join (select id, row_number() over (order by id) as n from content_items where kind = 'agent') a on a.n = 1 + g % 100`,
  );
  await step(
    '1,000,000 messages',
    `insert into messages (conversation_id, user_id, role, text, created_at)
     select c.id, c.user_id, case when k % 2 = 0 then 'user' else 'assistant' end, 'message ' || k, c.created_at + k * interval '1 second'
       from conversations c cross join generate_series(0, 9) k`,
  );
  await step(
    '100,000 progress rows',
    `insert into content_progress (user_id, content_id, viewed_at, completed_at, prompt_copies, last_activity_at)
     select u.id, ci.id, now() - ((u.n * 13 + k) % 60) * interval '1 day',
            case when (u.n + k) % 3 = 0 then now() - ((u.n * 13 + k) % 60) * interval '1 day' end,
            case when ci.kind = 'prompt' then (u.n + k) % 3 else 0 end,
            now() - ((u.n * 13 + k) % 60) * interval '1 day'
       from (select id, row_number() over (order by id) as n from users where email like 'member-%') u
       cross join generate_series(0, 9) k
       join (select id, kind, row_number() over (order by id) - 1 as n from content_items) ci on ci.n = (u.n * 7 + k * 50) % 500`,
  );
  await q(`set session_replication_role = origin`);
  await step('rebuild usage rollup', `select app.rebuild_usage_daily()`);
  await step('analyze', 'analyze');
  await db.close();
  process.stdout.write(`dataset built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? newDataDir();
  await buildAnalyticsDataset(dir);
  process.stdout.write(`data dir: ${dir}\n`);
}

import { hashPassword } from '../lib/passwords.js';

/**
 * The synthetic organisation used by the analytics benchmark (bench/analytics-dataset.mjs) and the
 * migration rehearsal (server/ops/rehearsal.ts). At full scale: 10,000 members in 20 communities,
 * 100,000 conversations and 1,000,000 messages over the last 90 days, 500 content items and
 * 100,000 progress rows. Bulk-loaded with the roll-up triggers bypassed (session_replication_role,
 * which needs a superuser), then the roll-up is rebuilt once. Needs the schema at version 6 or later.
 */
export type DatasetScale = 'small' | 'full';

const SIZES = {
  full: { communities: 20, members: 10_000, conversations: 100_000, items: 500 },
  small: { communities: 5, members: 200, conversations: 2_000, items: 50 },
} as const;

export const DATASET_ADMIN = { email: 'bench-admin@example.com', password: 'bench password 123' };
export const DATASET_MANAGER = { email: 'manager-1@bench.example', password: 'bench password 123' };

type Query = (text: string, params?: unknown[]) => Promise<unknown>;

export async function loadSyntheticDataset(query: Query, scale: DatasetScale, progress: (line: string) => void = () => undefined): Promise<void> {
  const size = SIZES[scale];
  const agents = size.items / 5;
  const step = async (label: string, text: string, params?: unknown[]) => {
    const t0 = Date.now();
    await query(text, params);
    progress(`  ${label.padEnd(34)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  const hash = await hashPassword(DATASET_MANAGER.password);
  await query(`insert into users (email, display_name, role, password_hash) values ($1, 'Bench Admin', 'admin', $2)`, [DATASET_ADMIN.email, await hashPassword(DATASET_ADMIN.password)]);
  await step(`${size.communities} communities`, `insert into communities (name) select 'Client ' || g from generate_series(1, ${size.communities}) g`);
  await step(`${size.members} members`, `insert into users (email, display_name, password_hash) select 'member-' || g || '@bench.example', 'Member ' || g, $1 from generate_series(1, ${size.members}) g`, [hash]);
  await step(`${size.communities} managers`, `insert into users (email, display_name, password_hash) select 'manager-' || g || '@bench.example', 'Manager ' || g, $1 from generate_series(1, ${size.communities}) g`, [hash]);
  await step(
    'memberships',
    `insert into community_members (community_id, user_id, role)
     select c.id, u.id, case when u.email like 'manager-%' then 'manager' else 'member' end
       from (select id, email, (substring(email from '-(\\d+)@')::int - 1) % ${size.communities} as slot from users where email like '%@bench.example') u
       join (select id, row_number() over (order by id) - 1 as slot from communities) c on c.slot = u.slot`,
  );
  await step(
    `${size.items} content items`,
    `insert into content_items (kind, title, status) select (array['agent','video','document','prompt','automation'])[1 + g % 5], 'Item ' || g, 'published' from generate_series(1, ${size.items}) g`,
  );
  await query(`insert into agent_details (content_id, system_prompt) select id, 'You are a coach.' from content_items where kind = 'agent'`);
  await step('assignments', `insert into content_assignments (content_id, community_id) select ci.id, c.id from content_items ci cross join communities c`);
  await query(`set session_replication_role = replica`);
  try {
    await step(
      `${size.conversations} conversations`,
      `insert into conversations (user_id, agent_id, title, created_at, updated_at)
       select u.id, a.id, 'Conversation ' || g, t, t
         from generate_series(1, ${size.conversations}) g
         cross join lateral (select now() - ((g * 7919) % (90 * 24 * 60)) * interval '1 minute' as t) ts
         join (select id, row_number() over (order by id) as n from users where email like 'member-%') u on u.n = 1 + (g * 31) % ${size.members}
         join (select id, row_number() over (order by id) as n from content_items where kind = 'agent') a on a.n = 1 + g % ${agents}`,
    );
    await step(
      `${size.conversations * 10} messages`,
      `insert into messages (conversation_id, user_id, role, text, created_at)
       select c.id, c.user_id, case when k % 2 = 0 then 'user' else 'assistant' end, 'message ' || k, c.created_at + k * interval '1 second'
         from conversations c cross join generate_series(0, 9) k`,
    );
    await step(
      `${size.members * 10} progress rows`,
      `insert into content_progress (user_id, content_id, viewed_at, completed_at, prompt_copies, last_activity_at)
       select u.id, ci.id, now() - ((u.n * 13 + k) % 60) * interval '1 day',
              case when (u.n + k) % 3 = 0 then now() - ((u.n * 13 + k) % 60) * interval '1 day' end,
              case when ci.kind = 'prompt' then (u.n + k) % 3 else 0 end,
              now() - ((u.n * 13 + k) % 60) * interval '1 day'
         from (select id, row_number() over (order by id) as n from users where email like 'member-%') u
         cross join generate_series(0, 9) k
         join (select id, kind, row_number() over (order by id) - 1 as n from content_items) ci on ci.n = (u.n * 7 + k * ${size.items / 10}) % ${size.items}`,
    );
  } finally {
    await query(`set session_replication_role = origin`);
  }
  await step('rebuild usage rollup', `select app.rebuild_usage_daily()`);
  await step('analyze', 'analyze');
}

// The content dataset shared by bench/content and bench/compare: 10,000 items across 100
// communities, a member in 3 of them (so they see about 270), an admin, and a little history for
// the member (conversations, messages, the analytics rollup) so those pages have rows to show.
import { ADMIN, openBenchDatabase } from './lib.mjs';

export const ITEMS = 10_000;
export const COMMUNITIES = 100;
export const MEMBER = { email: 'bench-member@example.com', password: 'bench password 123' };

/** Loads the dataset into a fresh database (PGlite in dataDir, or `url`); returns ids the benchmarks use. */
export async function loadContentDataset(dataDir, url = process.env.BENCH_DATABASE_URL) {
  const db = await openBenchDatabase(dataDir, url);
  const { hashPassword } = await import('../dist/server/lib/passwords.js');
  const started = Date.now();
  const q = (text, params) => db.pool.query(text, params);
  await q(`insert into communities (name) select 'Community ' || g from generate_series(1, ${COMMUNITIES}) g`);
  await q(
    `insert into content_items (kind, title, description, status, tags)
     select (array['agent','video','document','prompt','automation'])[1 + g % 5],
            'Item ' || g || ' on ' || (array['prompting','spreadsheets','email writing','meeting notes','customer support','data analysis'])[1 + g % 6],
            'A practical lesson about ' || (array['summaries','tone','formulas','agendas','tickets','charts','retrieval'])[1 + g % 7] || ' for busy teams.',
            case when g % 10 = 0 then 'draft' else 'published' end,
            array[(array['beginner','advanced','team'])[1 + g % 3]]
       from generate_series(1, ${ITEMS}) g`,
  );
  await q(`update content_items set search = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')`);
  await q(`insert into agent_details (content_id, system_prompt) select id, 'You are a helpful coach.' from content_items where kind = 'agent'`);
  await q(`insert into video_details (content_id, url, platform, external_id) select id, 'https://youtu.be/dQw4w9WgXcQ', 'youtube', 'dQw4w9WgXcQ' from content_items where kind = 'video'`);
  await q(`insert into document_details (content_id, body_html, word_count, reading_minutes) select id, '<p>Body</p>', 1, 1 from content_items where kind = 'document'`);
  await q(`insert into prompt_details (content_id, prompt_text) select id, 'Summarise {{text}}' from content_items where kind = 'prompt'`);
  await q(`insert into automation_details (content_id, workflow_url) select id, 'https://n8n.example.com/w/1' from content_items where kind = 'automation'`);
  // Each item goes to one community, every tenth also to a second one.
  await q(
    `insert into content_assignments (content_id, community_id)
     select i.id, c.id from (select id, row_number() over (order by id) as n from content_items) i
       join (select id, row_number() over (order by id) as n from communities) c on c.n = 1 + i.n % ${COMMUNITIES}
     union
     select i.id, c.id from (select id, row_number() over (order by id) as n from content_items) i
       join (select id, row_number() over (order by id) as n from communities) c on c.n = 1 + (i.n + 7) % ${COMMUNITIES}
      where i.n % 10 = 0`,
  );
  const hash = await hashPassword(MEMBER.password);
  const adminHash = await hashPassword(ADMIN.password);
  await q(`insert into users (email, display_name, role, password_hash) values ($1, 'Bench Admin', 'admin', $2)`, [ADMIN.email, adminHash]);
  const { rows } = await q(`insert into users (email, display_name, password_hash) values ($1, 'Bench Member', $2) returning id`, [MEMBER.email, hash]);
  const memberId = rows[0].id;
  await q(`insert into community_members (community_id, user_id) select id, $1 from communities order by name limit 3`, [memberId]);
  // The member's history: 200 conversations with an agent they can see, 10 messages each, over 30 days.
  const { rows: agents } = await q(
    `select ci.id from content_items ci join content_assignments a on a.content_id = ci.id
      where ci.kind = 'agent' and ci.status = 'published' and a.community_id in (select community_id from community_members where user_id = $1) limit 1`,
    [memberId],
  );
  const agentId = agents[0].id;
  await q(
    `insert into conversations (user_id, agent_id, title, created_at, updated_at)
     select $1, $2, 'Conversation ' || g, now() - g * interval '3 hours', now() - g * interval '3 hours' from generate_series(1, 200) g`,
    [memberId, agentId],
  );
  await q(
    `insert into messages (conversation_id, user_id, role, text, created_at)
     select c.id, c.user_id, case when k % 2 = 0 then 'user' else 'assistant' end, 'Message ' || k || ' with a little text.', c.created_at + k * interval '1 second'
       from conversations c cross join generate_series(0, 9) k`,
  );
  await q('analyze');
  const visible = await q(
    `select count(distinct a.content_id)::int as n from content_assignments a join content_items ci on ci.id = a.content_id
      where ci.status = 'published' and a.community_id in (select community_id from community_members where user_id = $1)`,
    [memberId],
  );
  await db.close();
  process.stdout.write(`dataset: ${ITEMS} items, ${COMMUNITIES} communities; the member sees ${visible.rows[0].n} (loaded in ${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  return { memberId, agentId };
}

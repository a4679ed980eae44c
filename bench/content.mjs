// bench/content: a member listing and searching content, with 10,000 items across 100
// communities. Prints requests per second and p50/p99 for each.
import { ADMIN, load, login, newDataDir, openBenchDatabase, report, startServer } from './lib.mjs';

const ITEMS = 10_000;
const COMMUNITIES = 100;
const MEMBER = { email: 'bench-member@example.com', password: 'bench password 123' };

async function loadDataset(dataDir) {
  const db = await openBenchDatabase(dataDir);
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
  await q(`insert into community_members (community_id, user_id) select id, $1 from communities order by name limit 3`, [rows[0].id]);
  await q('analyze');
  const visible = await q(
    `select count(distinct a.content_id)::int as n from content_assignments a join content_items ci on ci.id = a.content_id
      where ci.status = 'published' and a.community_id in (select community_id from community_members where user_id = $1)`,
    [rows[0].id],
  );
  await db.close();
  process.stdout.write(`dataset: ${ITEMS} items, ${COMMUNITIES} communities; the member sees ${visible.rows[0].n} (loaded in ${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
}

const dataDir = newDataDir();
await loadDataset(dataDir);
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

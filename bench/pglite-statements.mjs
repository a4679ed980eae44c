// bench/pglite-statements: what each statement of a signed-in read costs on the embedded database,
// timed one by one in process (issue 32, step 3: where a PGlite list request's CPU goes). PGlite runs
// in this thread, so wall time per statement is its CPU. Also the same statement through the
// node-postgres adapter the server uses (pg.Pool over createPgConfig) and through PGlite's own API.
//
//   node bench/pglite-statements.mjs          BENCH_ITERATIONS=2000
//   BENCH_EXPLAIN=1   print the app's list statements and their EXPLAIN (ANALYZE, BUFFERS) instead
import { Kysely, PostgresDialect, sql } from 'kysely';
import { loadContentDataset } from './content-dataset.mjs';
import { newDataDir, openBenchDatabase } from './lib.mjs';

const N = Number(process.env.BENCH_ITERATIONS ?? 2000);
delete process.env.BENCH_DATABASE_URL;
const dataDir = newDataDir();
await loadContentDataset(dataDir, undefined);
const db = await openBenchDatabase(dataDir, undefined);
const { rows: [user] } = await db.pool.query(`select id from users where email = 'bench-member@example.com'`);
const sub = user.id;
const sid = '00000000-0000-4000-8000-000000000001';
const prologue = `select coalesce(i.session_live and i.status = 'active' and i.role = 'member', false) as identity_ok,
  set_config('app.user_id', case when i.session_live and i.status = 'active' then '${sub}'::uuid::text else '' end, true),
  set_config('app.role', case when i.session_live and i.status = 'active' then i.role else '' end, true),
  set_config('role', 'aigym_app', true)
  from (select 1) as one left join app.session_identity('${sub}'::uuid, '${sid}'::uuid) as i on true`;
// The list's statement, as the member would run it once the identity is set (RLS filters it).
const list = `select ci.id, ci.kind, ci.title, ci.description, ci.status, ci.tags, ci.created_at, ci.updated_at from content_items ci where ci.status = 'published' order by ci.created_at desc, ci.id desc limit 21`;
const asMember = `select set_config('app.user_id', '${sub}', true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`;

async function time(label, run) {
  for (let i = 0; i < Math.min(200, N); i += 1) await run();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < N; i += 1) await run();
  const wall = (performance.now() - started) / N;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${label.padEnd(70)} ${wall.toFixed(3)} ms/op  cpu ${((used.user + used.system) / 1000 / N).toFixed(3)} ms/op\n`);
}

// The app's own list statement, captured from listContent as the member (the server's code, built).
const { listContent } = await import('../dist/server/modules/content/content.service.js');
const { listContentQuerySchema } = await import('../dist/contracts/content.js');
const captured = [];
// Not destroyed: that would end the shared pool.
const capture = new Kysely({ dialect: new PostgresDialect({ pool: db.pool }), log: (event) => captured.push(event.query) });
await capture.transaction().execute(async (trx) => {
  await sql.raw(asMember).execute(trx);
  captured.length = 0;
  await listContent({ db: trx, actor: { userId: sub, sessionId: sid, role: 'member' } }, listContentQuerySchema.parse({ limit: '20' }));
});
// The log also saw the capturing transaction's own COMMIT.
captured.splice(0, captured.length, ...captured.filter((q) => !/^(begin|commit|rollback)\b/i.test(q.sql)));
const appList = captured[0];

if (process.env.BENCH_EXPLAIN === '1') {
  for (const q of captured) {
    await db.pglite.transaction(async (tx) => {
      await tx.exec(asMember);
      // Once to warm, then the plan as it runs.
      await tx.query(q.sql, [...q.parameters]);
      const { rows } = await tx.query(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]);
      process.stdout.write(`\n${q.sql}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      await tx.rollback();
    });
  }
  await db.close();
  process.exit(0);
}

process.stdout.write(`bench/pglite-statements: ${N} iterations each, ${new Date().toISOString()}\n`);
const { pglite, pool } = db;
await time('PGlite API: select 1', () => pglite.query('select 1'));
await time('adapter (pg.Pool): select 1', () => pool.query('select 1'));
await time('PGlite API: set transaction read only; select 1', () => pglite.exec('set transaction read only; select 1'));
await time('PGlite API: identity prologue (session_identity)', () => pglite.exec(`begin; ${prologue}; rollback`));
await time('PGlite API: begin; rollback (the prologue\'s frame alone)', () => pglite.exec('begin; rollback'));
await time('PGlite API: list, as the member (RLS)', () => pglite.exec(`begin; ${asMember}; ${list}; rollback`));
await time('PGlite API: list, no identity frame (superuser, no RLS)', () => pglite.exec(list));
await time(`PGlite API: the app's list statement (${captured.length} statement${captured.length === 1 ? '' : 's'}), as the member`, () =>
  pglite.transaction(async (tx) => {
    await tx.exec(asMember);
    for (const q of captured) await tx.query(q.sql, [...q.parameters]);
    await tx.rollback();
  }),
);
await time("adapter (pg.Pool): the app's list statement, as the member", async () => {
  const client = await pool.connect();
  try {
    await client.query(`begin; ${asMember}`);
    await client.query(appList.sql, [...appList.parameters]);
    await client.query('rollback');
  } finally {
    client.release();
  }
});
await time('adapter (pg.Pool): list, as the member (RLS)', () => pool.query(`begin; ${asMember}; ${list}; rollback`));
await db.close();

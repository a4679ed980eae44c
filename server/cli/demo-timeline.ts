import { type Kysely, sql } from 'kysely';
import type { Database } from '../db-schema.js';

/** How far back the demo's activity reaches. */
export const DEMO_HISTORY_DAYS = 60;

/**
 * Days back for a row, from a key: stable for the same key, and skewed towards today (the power
 * makes recent days busier), so a fresh demo's charts rise the way a live rollout's do.
 */
const daysBack = (key: string, span = DEMO_HISTORY_DAYS) =>
  sql.raw(`(floor(${span - 1} * power((('x' || substr(md5(${key}), 1, 8))::bit(32)::bigint / 4294967296.0), 1.6)) * interval '1 day')`);

/**
 * Spreads the demo's activity over the last 60 days. Everything was first recorded as it happened,
 * through the services and as each person, so row-level security decided what they could do; this
 * step, as the owner, only moves each fact back by a stable number of days, then rebuilds the daily
 * usage rollup the insert triggers kept for today. Enrolments move back first, so no fact lands
 * before the enrolment it counts towards.
 */
export async function spreadDemoActivity(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update program_enrolments set enrolled_at = enrolled_at - ${sql.raw(`interval '${DEMO_HISTORY_DAYS} days'`)}`.execute(trx);
    // Memberships too: a community's numbers count a person only since they joined it (issue 25).
    await sql`update community_members set created_at = created_at - ${sql.raw(`interval '${DEMO_HISTORY_DAYS} days'`)}`.execute(trx);
    await sql`update content_progress set
        viewed_at = viewed_at - ${daysBack(`user_id::text || content_id::text`)},
        completed_at = completed_at - ${daysBack(`user_id::text || content_id::text`)},
        last_activity_at = last_activity_at - ${daysBack(`user_id::text || content_id::text`)}`.execute(trx);

    // Workouts are the newest feature, so their attempts stay within the dashboards' default 30
    // days; a member's attempts at one exercise keep their order, each retry four days after the last.
    await sql`create temporary table demo_shift on commit drop as
      select a.id as attempt_id, a.conversation_id,
             ${daysBack(`a.user_id::text || a.exercise_id::text`, 20)} + (max(a.attempt_number) over (partition by a.user_id, a.exercise_id) - a.attempt_number) * interval '4 days' as shift
        from exercise_attempts a`.execute(trx);
    await sql`insert into demo_shift (attempt_id, conversation_id, shift)
      select null, c.id, ${daysBack('c.id::text')} from conversations c
       where not exists (select 1 from demo_shift s where s.conversation_id = c.id)`.execute(trx);
    await sql`update exercise_attempts a set created_at = a.created_at - s.shift, submitted_at = a.submitted_at - s.shift,
        evaluated_at = a.evaluated_at - s.shift from demo_shift s where s.attempt_id = a.id`.execute(trx);
    await sql`update conversations c set created_at = c.created_at - s.shift, updated_at = c.updated_at - s.shift
        from demo_shift s where s.conversation_id = c.id`.execute(trx);
    await sql`update messages m set created_at = m.created_at - s.shift from demo_shift s where s.conversation_id = m.conversation_id`.execute(trx);
    await sql`select app.rebuild_usage_daily()`.execute(trx);
  });
}

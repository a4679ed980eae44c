import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/index.js';
import { runAnonymous } from '../../lib/transactions.js';

export interface RetentionResult {
  conversations: number;
  attempts: number;
  files: number;
}

/**
 * One retention run at `now` (ADR 0042): deletes conversations, exercise attempts and knowledge
 * files older than the shortest period any of their owner's communities sets, skipping people
 * under a legal hold. Runs in a transaction with no identity through app.apply_retention()
 * (migration 0030), which refuses a signed-in caller. Idempotent: a second run finds nothing.
 */
export async function applyRetention(app: FastifyInstance, now: Date = new Date()): Promise<RetentionResult> {
  const meta = {
    requestId: `retention-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'privacy.retention.failed' }, 'retention task failed'),
  };
  const result = await runAnonymous(app.services.db, meta, async (ctx) => {
    const { rows } = await sql<RetentionResult>`select * from app.apply_retention(${now})`.execute(ctx.db);
    return rows[0] ?? { conversations: 0, attempts: 0, files: 0 };
  });
  app.log.info({ event: 'privacy.retention.applied', ...result }, 'retention applied');
  return result;
}

/** The daily run (registered with app.jobs.every in privacy.routes.ts). A failed run is the next day's work too. */
export const dailyRetentionJob = defineJob({
  name: 'privacy.retention',
  payload: z.object({}),
  retry: { attempts: 3, backoffMs: 60_000, maxBackoffMs: 3_600_000 },
  async handle(_payload, run) {
    await applyRetention(run.app, run.now);
  },
});

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/index.js';
import { runAnonymous } from '../../lib/transactions.js';

/** Months created ahead of today: two daily runs could both fail for a month and chat would still land in its own partition. */
export const MESSAGE_MONTHS_AHEAD = 2;

/**
 * Creates the monthly partitions of `messages` up to MESSAGE_MONTHS_AHEAD months after `now`, and
 * moves rows that fell into the default partition into their month (ADR 0051, migration 0040).
 * Runs without an identity through app.ensure_message_partitions(), which refuses a signed-in caller.
 */
export async function ensureMessagePartitions(app: FastifyInstance, now: Date = new Date()): Promise<number> {
  const meta = {
    requestId: `message-partitions-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'messages.partitions.failed' }, 'message partition task failed'),
  };
  const created = await runAnonymous(app.services.db, meta, async (ctx) => {
    const { rows } = await sql<{ created: number }>`select app.ensure_message_partitions(${now}::timestamptz, ${MESSAGE_MONTHS_AHEAD}::integer) as created`.execute(ctx.db);
    return rows[0]?.created ?? 0;
  });
  if (created > 0) app.log.info({ event: 'messages.partitions.created', created }, 'message partitions created');
  return created;
}

/** The daily run (registered in chat.routes.ts). A failed run is the next day's work too, two months ahead of need. */
export const messagePartitionsJob = defineJob({
  name: 'messages.partitions',
  payload: z.object({}),
  retry: { attempts: 3, backoffMs: 60_000, maxBackoffMs: 3_600_000 },
  async handle(_payload, run) {
    await ensureMessagePartitions(run.app, run.now);
  },
});

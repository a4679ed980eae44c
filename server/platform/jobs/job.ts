import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AnonymousContext } from '../../lib/transactions.js';
import { jobSignals } from './signals.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; each later wait doubles, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs?: number;
}

export interface JobRun {
  id: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** The time the job was claimed at: the real time, or the moved clock of `runDue(now)` in tests. */
  now: Date;
  app: FastifyInstance;
  log: FastifyBaseLogger;
  /** Aborted when the job's lease runs out: stop, the job will be claimed again. */
  signal: AbortSignal;
}

export interface JobDefinition<P> {
  /** Dotted, stable: it is stored with every queued job ('mail.send', 'xapi.deliver'). */
  name: string;
  payload: z.ZodType<P>;
  retry?: RetryPolicy;
  /** How long one attempt may hold its claim before another worker may take the job. */
  leaseMs?: number;
  handle(payload: P, run: JobRun): Promise<void>;
}

/** A job definition, typed by its payload schema. */
export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export const defaultRetry: RetryPolicy = { attempts: 5, backoffMs: 1_000, maxBackoffMs: 15 * 60_000 };
export const defaultLeaseMs = 5 * 60_000;

/** When attempt `attempt` (1-based) has failed: the time of the next, or null when none is left. */
export function nextAttemptAt(policy: RetryPolicy, attempt: number, now: Date): Date | null {
  if (attempt >= policy.attempts) return null;
  const wait = Math.min(policy.backoffMs * 2 ** (attempt - 1), policy.maxBackoffMs ?? Number.POSITIVE_INFINITY);
  return new Date(now.getTime() + wait);
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A second enqueue with the same key (for the same job name) is ignored. */
  uniqueKey?: string;
}

/**
 * Queues a job inside the caller's transaction: it exists only if that transaction commits (a
 * transactional outbox), and the runner is woken once it has.
 */
export async function enqueueJob<P>(ctx: AnonymousContext, job: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<void> {
  const checked = job.payload.parse(payload);
  await sql`select app.enqueue_job(${job.name}, ${JSON.stringify(checked)}::jsonb, ${options.runAt ?? null}::timestamptz, ${options.uniqueKey ?? null}::text)`.execute(ctx.db);
  ctx.afterCommit(async () => {
    jobSignals.emit('enqueued');
  });
}

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { type RequestMeta, runAnonymous } from '../../lib/transactions.js';
import { defaultLeaseMs, defaultRetry, defineJob, type JobDefinition, nextAttemptAt } from './job.js';
import { jobSignals } from './signals.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

export interface RunnerOptions {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** How often the queue is looked at when nothing woke the runner (jobs queued by other instances, retries). */
  pollMs: number;
}

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
}

interface Periodic {
  job: JobDefinition<unknown>;
  everyMs: number;
  payload: unknown;
  lastSlot?: number;
}

/** Finished jobs are kept this long for inspection. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;

const pruneFinishedJobs = defineJob({
  name: 'jobs.prune',
  payload: z.object({}),
  async handle(_payload, run) {
    const removed = await runAnonymous(run.app.services.db, jobMeta(run.app, 'jobs.prune'), async (ctx) => {
      const { rows } = await sql<{ removed: number }>`select app.prune_jobs(${new Date(Date.now() - KEEP_FINISHED_MS)}::timestamptz) as removed`.execute(ctx.db);
      return rows[0]?.removed ?? 0;
    });
    if (removed > 0) run.log.info({ event: 'jobs.pruned', removed }, 'finished jobs removed');
  },
});

function jobMeta(app: FastifyInstance, name: string): RequestMeta {
  return {
    requestId: `job-${name}-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'jobs.after_commit_failed', job: name }, 'work after a job step failed'),
  };
}

/** Provider and library errors can carry keys; what is stored with a failed job never does. */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replaceAll(/\b[\w-]*(?:sk|key|token|secret)[\w-]*[-_][\w-]{12,}\b/gi, '[redacted]').replaceAll(/[A-Za-z0-9_+/=-]{32,}/g, '[redacted]').slice(0, 500);
}

/**
 * The one runner of work outside a request (ADR 0034), on the embedded database and on a
 * PostgreSQL server alike. Jobs are rows of `jobs`, claimed with FOR UPDATE SKIP LOCKED, so several
 * instances share the queue and each job runs once per claim; a claim whose worker died is taken
 * again when its lease runs out.
 */
export class JobRunner {
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly periodic: Periodic[] = [];
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private started = false;
  private readonly wake = () => this.poll();
  /** Job names polling takes (tests send mail as it comes and run the rest with runDue, which takes all); all when unset. */
  private only: string[] | undefined;

  constructor(
    private readonly app: FastifyInstance,
    private readonly options: RunnerOptions,
  ) {
    this.every(pruneFinishedJobs, 24 * 3600_000, {});
  }

  register<P>(job: JobDefinition<P>): void {
    const known = this.definitions.get(job.name);
    if (known && known !== job) throw new Error(`two jobs are named ${job.name}`);
    this.definitions.set(job.name, job as JobDefinition<unknown>);
  }

  /** Runs `job` once per `everyMs` slot, across all instances (the slot is the job's unique key). */
  every<P>(job: JobDefinition<P>, everyMs: number, payload: P): void {
    this.register(job);
    this.periodic.push({ job: job as JobDefinition<unknown>, everyMs, payload });
  }

  /** Starts polling; new jobs queued in this process are picked up at once. Tests call runDue instead. */
  start(options: { only?: string[] } = {}): void {
    // JOBS_CONCURRENCY=0: an instance that answers requests only; others (or its next start) run the queue.
    if (this.options.concurrency === 0) return;
    // Started again without `only`, a test's mail-only runner takes every job.
    this.only = options.only;
    if (this.started) {
      this.poll();
      return;
    }
    this.started = true;
    jobSignals.on('enqueued', this.wake);
    this.timer = setInterval(this.wake, this.options.pollMs);
    this.timer.unref();
    this.poll();
  }

  /** Stops taking jobs and waits for those running (their handlers see the app still open). */
  async stop(): Promise<void> {
    this.started = false;
    jobSignals.off('enqueued', this.wake);
    clearInterval(this.timer);
    await this.polling;
    await this.drain();
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /**
   * Runs every job due at `now`, one after another, until none is left; resolves with how many
   * ran. Jobs that fail are rescheduled by their retry policy, so they are not run again here.
   * With `only`, just the jobs of those names (and no periodic work): a test of one module's
   * background work need not run every other module's housekeeping.
   */
  async runDue(now: Date = new Date(), only?: readonly string[]): Promise<number> {
    if (!only) await this.queuePeriodic(now);
    let ran = 0;
    for (;;) {
      const claimed = await this.claim(10, now, only);
      if (claimed.length === 0) return ran;
      for (const job of claimed) await this.execute(job, now);
      ran += claimed.length;
    }
  }

  private poll(): void {
    if (!this.started) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.fill()
      .catch((err: unknown) => this.app.log.warn({ err, event: 'jobs.poll_failed' }, 'could not look at the job queue; trying again shortly'))
      .finally(() => {
        this.polling = undefined;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.poll();
        }
      });
  }

  /** Claims as many jobs as there are free places, and starts them. */
  private async fill(): Promise<void> {
    const now = new Date();
    await this.queuePeriodic(now, this.only);
    const free = this.options.concurrency - this.running.size;
    if (free <= 0) return;
    for (const job of await this.claim(free, now, this.only)) {
      const task = this.execute(job, now).finally(() => {
        this.running.delete(task);
        this.poll();
      });
      this.running.add(task);
    }
  }

  private async queuePeriodic(now: Date, only?: string[]): Promise<void> {
    const due = this.periodic.filter((p) => p.lastSlot !== Math.floor(now.getTime() / p.everyMs) && (!only || only.includes(p.job.name)));
    if (due.length === 0) return;
    await runAnonymous(this.app.services.db, jobMeta(this.app, 'jobs.schedule'), async (ctx) => {
      for (const p of due) {
        const slot = Math.floor(now.getTime() / p.everyMs);
        await sql`select app.enqueue_job(${p.job.name}, ${JSON.stringify(p.payload)}::jsonb, ${now}::timestamptz, ${`slot:${p.everyMs}:${slot}`}::text)`.execute(ctx.db);
        p.lastSlot = slot;
      }
    });
  }

  private async claim(limit: number, now: Date, only?: readonly string[]): Promise<ClaimedJob[]> {
    if (limit <= 0) return [];
    // Each job is claimed with its own lease, so a short one (mail) is retried soon after a crash even
    // when a long one (calibration) is registered too: one claim per lease length, in one transaction.
    const namesByLease = new Map<number, string[]>();
    for (const [name, definition] of this.definitions) {
      if (only && !only.includes(name)) continue;
      const leaseSeconds = Math.ceil((definition.leaseMs ?? defaultLeaseMs) / 1000);
      namesByLease.set(leaseSeconds, [...(namesByLease.get(leaseSeconds) ?? []), name]);
    }
    if (namesByLease.size === 0) return [];
    return runAnonymous(this.app.services.db, jobMeta(this.app, 'jobs.claim'), async (ctx) => {
      const claimed: ClaimedJob[] = [];
      for (const [leaseSeconds, names] of namesByLease) {
        if (claimed.length >= limit) break;
        const { rows } = await sql<ClaimedJob>`
          select id::text as id, name, payload, attempts
            from app.claim_jobs(${names}::text[], ${limit - claimed.length}::integer, ${now}::timestamptz, ${leaseSeconds}::integer)`.execute(ctx.db);
        claimed.push(...rows);
      }
      return claimed;
    });
  }

  private async execute(claimed: ClaimedJob, now: Date): Promise<void> {
    const job = this.definitions.get(claimed.name);
    if (!job) return;
    const log = this.app.log.child({ job: job.name, jobId: claimed.id, attempt: claimed.attempts });
    const lease = new AbortController();
    const leaseTimer = setTimeout(() => lease.abort(), job.leaseMs ?? defaultLeaseMs);
    leaseTimer.unref();
    const meta = jobMeta(this.app, job.name);
    try {
      const parsed = job.payload.safeParse(claimed.payload);
      if (!parsed.success) throw new InvalidPayload(parsed.error.message);
      await job.handle(parsed.data, { id: claimed.id, attempt: claimed.attempts, now, app: this.app, log, signal: lease.signal });
      await runAnonymous(this.app.services.db, meta, (ctx) => sql`select app.finish_job(${claimed.id}::bigint)`.execute(ctx.db));
    } catch (err) {
      const retryAt = err instanceof InvalidPayload ? null : nextAttemptAt(job.retry ?? defaultRetry, claimed.attempts, new Date());
      if (retryAt) log.warn({ err, event: 'jobs.retry', retryAt }, 'job failed; it will be tried again');
      else log.error({ err, event: 'jobs.failed' }, 'job failed for good');
      await runAnonymous(this.app.services.db, meta, (ctx) =>
        sql`select app.fail_job(${claimed.id}::bigint, ${describeFailure(err)}, ${retryAt}::timestamptz)`.execute(ctx.db),
      ).catch((failError: unknown) => log.error({ err: failError, event: 'jobs.fail_not_recorded' }, 'could not record a failed job; its lease will run out and it will be tried again'));
    } finally {
      clearTimeout(leaseTimer);
    }
  }
}

/** A queued payload that no longer matches its schema will never succeed: it fails at once. */
class InvalidPayload extends Error {}

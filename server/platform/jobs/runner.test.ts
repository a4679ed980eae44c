import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAnonymous } from '../../lib/transactions.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createTestDatabase, testDbKind, type TestDatabase } from '../../test/test-database.js';
import { defineJob, enqueueJob } from './index.js';
import { describeFailure } from './runner.js';

const meta = { requestId: 'runner-test', ip: '127.0.0.1', onBackgroundError: () => undefined };

/** What each job's handler saw, by job name. */
const seenBy = new Map<string, string[]>();
const record = (name: string, value: string) => {
  seenBy.set(name, [...(seenBy.get(name) ?? []), value]);
};
const seen = (name: string) => seenBy.get(name);

const echo = defineJob({
  name: 'test.echo',
  payload: z.object({ word: z.string() }),
  async handle(payload) {
    record('test.echo', payload.word);
  },
});

let failuresLeft = 0;
const flaky = defineJob({
  name: 'test.flaky',
  payload: z.object({ word: z.string() }),
  retry: { attempts: 3, backoffMs: 60_000 },
  async handle(payload) {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('provider said: invalid key sk-live-0123456789abcdefghijklmnop');
    }
    record('test.flaky', payload.word);
  },
});

/** While `holding`, handlers of `test.short` wait until the test lets them go (a worker busy, or dead). */
let holding = false;
const held: Array<() => void> = [];
const short = defineJob({
  name: 'test.short',
  payload: z.object({ word: z.string() }),
  leaseMs: 60_000,
  async handle(payload) {
    record('test.short', payload.word);
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
  },
});
const long = defineJob({ name: 'test.long', payload: z.object({}), leaseMs: 15 * 60_000, handle: async () => undefined });

describe(`the platform job runner on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const shared = { handle: database.handle, drop: async () => undefined };
    first = await createTestApp({}, shared);
    second = await createTestApp({}, shared);
    for (const t of [first, second]) {
      t.app.jobs.register(echo);
      t.app.jobs.register(flaky);
      t.app.jobs.register(short);
      t.app.jobs.register(long);
    }
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await database.drop();
  });
  beforeEach(async () => {
    seenBy.clear();
    await sql`delete from jobs where name like 'test.%'`.execute(database.handle.db);
  });

  const enqueue = (word: string, options: { uniqueKey?: string; runAt?: Date } = {}, job = echo) =>
    runAnonymous(first.app.services.db, meta, (ctx) => enqueueJob(ctx, job, { word }, options));

  const jobRows = async (name: string) =>
    (await sql<{ state: string; attempts: number; last_error: string | null }>`select state, attempts, last_error from jobs where name = ${name} order by id`.execute(database.handle.db)).rows;

  it('runs a job only when the transaction that queued it commits', async () => {
    await expect(
      runAnonymous(first.app.services.db, meta, async (ctx) => {
        await enqueueJob(ctx, echo, { word: 'rolled back' });
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    await enqueue('committed');
    await first.app.jobs.runDue();
    expect(seen('test.echo')).toEqual(['committed']);
    expect(await jobRows('test.echo')).toEqual([{ state: 'done', attempts: 1, last_error: null }]);
  });

  it('runs each job once when two instances claim at the same moment', async () => {
    for (let i = 0; i < 20; i += 1) await enqueue(`word ${i}`);
    await Promise.all([first.app.jobs.runDue(), second.app.jobs.runDue(), first.app.jobs.runDue()]);
    expect([...(seen('test.echo') ?? [])].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `word ${i}`).sort());
  });

  it('ignores a second enqueue with the same unique key', async () => {
    await enqueue('once', { uniqueKey: 'fact-1' });
    await enqueue('twice', { uniqueKey: 'fact-1' });
    await first.app.jobs.runDue();
    expect(seen('test.echo')).toEqual(['once']);
  });

  it('waits for a job queued for later', async () => {
    await enqueue('later', { runAt: new Date(Date.now() + 3_600_000) });
    expect(await first.app.jobs.runDue()).toBe(0);
    await first.app.jobs.runDue(new Date(Date.now() + 3_600_001));
    expect(seen('test.echo')).toEqual(['later']);
  });

  it('retries with back-off, then fails for good, keeping no key in what it stores', async () => {
    failuresLeft = 5;
    await enqueue('retried', {}, flaky);
    await first.app.jobs.runDue();
    expect(await jobRows('test.flaky')).toMatchObject([{ state: 'queued', attempts: 1 }]);
    // Not yet: the back-off is a minute.
    await first.app.jobs.runDue(new Date(Date.now() + 30_000));
    expect((await jobRows('test.flaky'))[0]?.attempts).toBe(1);
    await first.app.jobs.runDue(new Date(Date.now() + 61_000));
    await first.app.jobs.runDue(new Date(Date.now() + 200_000));
    const [row] = await jobRows('test.flaky');
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row?.last_error).not.toContain('sk-live');
    expect(seen('test.flaky')).toBeUndefined();
  });

  it('succeeds on a retry after a failure', async () => {
    failuresLeft = 1;
    await enqueue('second time lucky', {}, flaky);
    await first.app.jobs.runDue();
    await first.app.jobs.runDue(new Date(Date.now() + 61_000));
    expect(seen('test.flaky')).toEqual(['second time lucky']);
    expect(await jobRows('test.flaky')).toMatchObject([{ state: 'done', attempts: 2 }]);
  });

  it('takes a job again once the lease of a worker that died has run out', async () => {
    await enqueue('orphaned');
    // A worker claims it, then its process dies before it finishes: the claim is all that is left.
    await runAnonymous(first.app.services.db, meta, (ctx) => sql`select * from app.claim_jobs(array['test.echo'], 1, now(), 300)`.execute(ctx.db));
    expect(await first.app.jobs.runDue()).toBe(0);
    await second.app.jobs.runDue(new Date(Date.now() + 301_000));
    expect(seen('test.echo')).toEqual(['orphaned']);
  });

  it('claims each job with its own lease, not the longest registered one', async () => {
    await enqueue('mail-like', {}, short);
    holding = true;
    const stuck = first.app.jobs.runDue();
    const retaken = (async () => {
      await expect.poll(() => seen('test.short')).toEqual(['mail-like']);
      // The first worker still holds it (as if it had died); 61 s later its one-minute lease is over.
      return second.app.jobs.runDue(new Date(Date.now() + 61_000));
    })();
    try {
      await expect.poll(() => seen('test.short')).toEqual(['mail-like', 'mail-like']);
    } finally {
      holding = false;
      for (const go of held.splice(0)) go();
      await Promise.allSettled([stuck, retaken]);
      for (const go of held.splice(0)) go();
    }
  });

  it('fails at once a queued payload that no longer matches its schema', async () => {
    await runAnonymous(first.app.services.db, meta, (ctx) => sql`select app.enqueue_job('test.echo', '{"word": 42}'::jsonb, null, null)`.execute(ctx.db));
    await first.app.jobs.runDue();
    expect(await jobRows('test.echo')).toMatchObject([{ state: 'failed', attempts: 1 }]);
  });

  it('starts a job queued in this process without waiting for the next poll', async () => {
    first.app.jobs.start();
    try {
      await enqueue('woken');
      await expect.poll(() => seen('test.echo'), { timeout: 10_000 }).toEqual(['woken']);
    } finally {
      await first.app.jobs.stop();
    }
  });

  it('refuses two jobs with one name', () => {
    expect(() => first.app.jobs.register(defineJob({ name: 'test.echo', payload: z.object({}), handle: async () => undefined }))).toThrow(/two jobs/);
  });

  it('redacts key-shaped text from failures', () => {
    expect(describeFailure(new Error('bad key sk-proj-abcdefghijklmnop1234 and AIzaSyA0123456789abcdefghijklmnopqrstu'))).not.toMatch(/sk-proj|AIzaSy/);
  });
});

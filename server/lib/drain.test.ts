import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { Drain } from './drain.js';

describe('draining long-running work at shutdown', () => {
  it('lets work that ends within the grace period finish, and cuts the rest at the deadline', async () => {
    const drain = new Drain();
    const quick = drain.track();
    const slow = drain.track();
    setTimeout(quick.done, 50);
    slow.signal.addEventListener('abort', () => setTimeout(slow.done, 20));
    const result = await drain.shutdown(300);
    expect(result).toMatchObject({ finished: 1, interrupted: 1 });
    expect(quick.signal.aborted).toBe(false);
    expect(slow.signal.aborted).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('refuses new work with 503 and Retry-After once draining', async () => {
    const drain = new Drain();
    expect(() => drain.assertAccepting()).not.toThrow();
    await drain.shutdown(0);
    let error: unknown;
    try {
      drain.assertAccepting();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).headers['retry-after']).toBe('5');
  });

  it('gives up waiting for cut work that never ends, within the save bound', async () => {
    const drain = new Drain();
    drain.track();
    const result = await drain.shutdown(10, 100);
    expect(result.interrupted).toBe(1);
    expect(result.durationMs).toBeLessThan(1000);
  });
});

import type { FastifyBaseLogger } from 'fastify';

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * Work done after the answer has gone (so its duration cannot be observed by the caller), retried
 * with backoff and logged when it finally fails. `drain` lets shutdown wait for what is in flight.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly policy: RetryPolicy = { attempts: 3, backoffMs: 500 },
  ) {}

  run(event: string, task: () => Promise<void>, context: Record<string, unknown> = {}): void {
    const job = this.attempt(event, task, context).finally(() => this.running.delete(job));
    this.running.add(job);
  }

  private async attempt(event: string, task: () => Promise<void>, context: Record<string, unknown>): Promise<void> {
    // Yield first: the reply is written before any of the task's work starts.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await task();
        return;
      } catch (err) {
        if (attempt >= this.policy.attempts) {
          this.log.error({ err, event: `${event}.failed`, attempts: attempt, ...context }, 'background work failed after retries');
          return;
        }
        this.log.warn({ err, event: `${event}.retry`, attempt, ...context }, 'background work failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.policy.backoffMs * attempt));
      }
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }
}

import { AppError } from './app-error.js';

interface Tracked {
  controller: AbortController;
  finished: Promise<void>;
}

export interface DrainResult {
  /** Streams that finished on their own within the grace period. */
  finished: number;
  /** Streams cut at the deadline (saved as interrupted). */
  interrupted: number;
  durationMs: number;
}

export const SHUTDOWN_REASON = 'server shutting down';

/**
 * Graceful shutdown for long-running work (streamed answers): once draining, new requests are
 * refused with 503 and Retry-After, running streams get `graceMs` to finish, and those still running
 * are cut through their signal — they save what they have and end with a clear event — before the
 * server closes.
 */
export class Drain {
  private draining = false;
  private readonly active = new Set<Tracked>();

  get isDraining(): boolean {
    return this.draining;
  }

  /** Registers one unit of work; `signal` aborts at the shutdown deadline, `done` must be called when it has ended. */
  track(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const entry: Tracked = { controller, finished };
    this.active.add(entry);
    void finished.then(() => this.active.delete(entry));
    return { signal: controller.signal, done };
  }

  /** Throws 503 once draining: a load balancer retries elsewhere, a client after Retry-After. */
  assertAccepting(): void {
    if (this.draining) {
      throw new AppError('service_unavailable', 'The server is restarting. Please try again in a few seconds.', { headers: { 'retry-after': '5', connection: 'close' } });
    }
  }

  /** Stops taking new work, waits up to `graceMs` for running work, then cuts the rest and waits (up to `saveMs`) for it to save. */
  async shutdown(graceMs: number, saveMs = 5_000): Promise<DrainResult> {
    const started = Date.now();
    this.draining = true;
    const running = [...this.active];
    const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
    await Promise.race([Promise.all(running.map((t) => t.finished)), timeout(graceMs)]);
    const left = [...this.active];
    for (const t of left) t.controller.abort(new Error(SHUTDOWN_REASON));
    await Promise.race([Promise.all(left.map((t) => t.finished)), timeout(saveMs)]);
    return { finished: running.length - left.length, interrupted: left.length, durationMs: Date.now() - started };
  }
}

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';

export interface LimitResult {
  count: number;
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Fixed-window counters, in Redis when several instances must share them, in memory otherwise. */
export interface CounterStore {
  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
  peek(key: string): Promise<{ count: number; ttlMs: number }>;
  reset(key: string): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, { count: number; resetAt: number }>();

  private live(key: string): { count: number; resetAt: number } | undefined {
    const entry = this.counters.get(key);
    if (entry && entry.resetAt <= Date.now()) {
      this.counters.delete(key);
      return undefined;
    }
    return entry;
  }

  async increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    this.sweep();
    const entry = this.live(key) ?? { count: 0, resetAt: Date.now() + windowMs };
    entry.count += 1;
    this.counters.set(key, entry);
    return { count: entry.count, ttlMs: entry.resetAt - Date.now() };
  }

  async peek(key: string): Promise<{ count: number; ttlMs: number }> {
    const entry = this.live(key);
    return entry ? { count: entry.count, ttlMs: entry.resetAt - Date.now() } : { count: 0, ttlMs: 0 };
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }

  // Bounded memory: expired windows are dropped once the map grows.
  private sweep(): void {
    if (this.counters.size < 10_000) return;
    const now = Date.now();
    for (const [key, entry] of this.counters) if (entry.resetAt <= now) this.counters.delete(key);
  }
}

const incrementScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'aigym:rl:',
  ) {}

  async increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    const [count, ttl] = (await this.redis.eval(incrementScript, 1, this.prefix + key, String(windowMs))) as [number, number];
    return { count, ttlMs: ttl };
  }

  async peek(key: string): Promise<{ count: number; ttlMs: number }> {
    const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    return { count: Number(count ?? 0), ttlMs: Math.max(0, ttl) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

/**
 * Redis as an accelerator, never a dependency (ADR 0038): counters live in Redis while it answers;
 * when it does not (down, refusing, slower than `timeoutMs`), each count falls back to this
 * process's own counters and the request goes on. Limits then hold per instance instead of across
 * instances — looser by at most the number of instances — until Redis is back, which the next
 * successful call notices by itself. `/readyz` and the `rate_limit_store_fallback` gauge say which.
 */
export class FailoverCounterStore implements CounterStore {
  private readonly memory = new MemoryCounterStore();
  private failedAt = 0;
  /** Fallbacks since start, for the metric and the logs. */
  fallbacks = 0;

  constructor(
    private readonly redis: Redis,
    private readonly primary: CounterStore = new RedisCounterStore(redis),
    private readonly options: { timeoutMs?: number; onChange?: (usingFallback: boolean, error?: unknown) => void } = {},
  ) {}

  /** True while the last attempt at Redis failed (or Redis is not connected). */
  get usingFallback(): boolean {
    return this.failedAt > 0;
  }

  private async attempt<T>(viaRedis: () => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
    // ioredis says when it is not connected: no point waiting for a command to fail.
    if (this.redis.status !== 'ready') return this.fallBack(viaMemory, new Error(`redis is ${this.redis.status}`));
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.timeoutMs ?? 250;
    try {
      const result = await Promise.race([
        viaRedis(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (this.failedAt) {
        this.failedAt = 0;
        this.options.onChange?.(false);
      }
      return result;
    } catch (error) {
      return this.fallBack(viaMemory, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private fallBack<T>(viaMemory: () => Promise<T>, error: unknown): Promise<T> {
    this.fallbacks += 1;
    if (!this.failedAt) {
      this.failedAt = Date.now();
      this.options.onChange?.(true, error);
    }
    return viaMemory();
  }

  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    return this.attempt(
      () => this.primary.increment(key, windowMs),
      () => this.memory.increment(key, windowMs),
    );
  }

  peek(key: string): Promise<{ count: number; ttlMs: number }> {
    return this.attempt(
      () => this.primary.peek(key),
      () => this.memory.peek(key),
    );
  }

  async reset(key: string): Promise<void> {
    // Both: a count made during an outage must not outlive a successful sign-in.
    await this.memory.reset(key);
    await this.attempt(
      () => this.primary.reset(key),
      async () => undefined,
    );
  }
}

/** `rate_limit_store_fallback`: 1 while limits are counted in process because Redis does not answer. */
export function registerFallbackMetric(registry: Registry, stores: FailoverCounterStore[]): void {
  new Gauge({
    name: 'rate_limit_store_fallback',
    help: '1 while rate limits are counted in this process because Redis does not answer (ADR 0038)',
    registers: [registry],
    collect() {
      this.set(stores.some((s) => s.usingFallback) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rate_limit_store_fallbacks',
    help: 'Rate-limit counts made in process instead of Redis since start',
    registers: [registry],
    collect() {
      this.set(stores.reduce((sum, s) => sum + s.fallbacks, 0));
    },
  });
}

/**
 * The same counters behind @fastify/rate-limit's store interface, so the global ceiling survives a
 * Redis outage like the others (its own Redis store would answer 500 on every request).
 */
export function fastifyRateLimitStore(store: CounterStore): FastifyRateLimitStoreCtor {
  class CounterStoreAdapter implements FastifyRateLimitStore {
    incr(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      store.increment(key, timeWindow).then(
        ({ count, ttlMs }) => cb(null, { current: count, ttl: ttlMs }),
        (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return CounterStoreAdapter;
}

export class RateLimiter {
  constructor(readonly store: CounterStore) {}

  /** Counts one event and says whether it is within `limit` per `windowSeconds`. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<LimitResult> {
    const { count, ttlMs } = await this.store.increment(key, windowSeconds * 1000);
    return { count, allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  /** Says whether `limit` events have already been counted, without counting one. */
  async check(key: string, limit: number): Promise<LimitResult> {
    const { count, ttlMs } = await this.store.peek(key);
    return { count, allowed: count < limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }
}

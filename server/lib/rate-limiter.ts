import type { Redis } from 'ioredis';

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

import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import type { LimitResult, RateLimiter } from '../../lib/rate-limiter.js';

type LimitConfig = Pick<Config, 'LOGIN_LIMIT_PER_IP' | 'LOGIN_LIMIT_PER_ACCOUNT' | 'LOGIN_LIMIT_WINDOW_SECONDS' | 'REFRESH_LIMIT_PER_IP'>;

export function tooManyAttempts(result: LimitResult): AppError {
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return new AppError('rate_limited', `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    headers: { 'retry-after': String(result.retryAfterSeconds) },
    details: { retryAfterSeconds: result.retryAfterSeconds },
  });
}

/**
 * Throttles the credential and email endpoints: every attempt counts against the client's IP, and
 * failures count against the account, so neither a spray over many accounts from one address nor a
 * guess at one account from many addresses gets far.
 */
export class AuthLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: LimitConfig,
  ) {}

  private get window(): number {
    return this.config.LOGIN_LIMIT_WINDOW_SECONDS;
  }

  /** Counts one attempt from `ip` at `action`; throws 429 past the limit. */
  async countAttempt(action: string, ip: string): Promise<void> {
    const limit = action === 'refresh' ? this.config.REFRESH_LIMIT_PER_IP : this.config.LOGIN_LIMIT_PER_IP;
    const result = await this.limiter.hit(`${action}:ip:${ip}`, limit, this.window);
    if (!result.allowed) throw tooManyAttempts(result);
  }

  /** Throws 429 when `account` has used up its failures at `action`. */
  async checkAccount(action: string, account: string): Promise<void> {
    const result = await this.limiter.check(`${action}:acct:${account}`, this.config.LOGIN_LIMIT_PER_ACCOUNT);
    if (!result.allowed) throw tooManyAttempts(result);
  }

  async countAccountFailure(action: string, account: string): Promise<void> {
    await this.limiter.hit(`${action}:acct:${account}`, this.config.LOGIN_LIMIT_PER_ACCOUNT, this.window);
  }

  async clearAccount(action: string, account: string): Promise<void> {
    await this.limiter.reset(`${action}:acct:${account}`);
  }
}

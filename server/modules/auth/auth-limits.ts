import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import type { LimitResult, RateLimiter } from '../../lib/rate-limiter.js';

type LimitConfig = Pick<
  Config,
  'AUTH_SECRET' | 'LOGIN_LIMIT_PER_IP' | 'LOGIN_LIMIT_PER_ACCOUNT' | 'LOGIN_LIMIT_WINDOW_SECONDS' | 'LOGIN_ACCOUNT_FAILURES_PER_HOUR' | 'REFRESH_LIMIT_PER_IP'
>;

const HOUR_SECONDS = 3600;

export function tooManyAttempts(result: LimitResult): AppError {
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return new AppError('rate_limited', `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    headers: { 'retry-after': String(result.retryAfterSeconds) },
    details: { retryAfterSeconds: result.retryAfterSeconds },
  });
}

/** Where a sign-in attempt comes from: the address, and the browser's device cookie when it holds a valid one for this account. */
export interface SignInSource {
  ip: string;
  /** Set only when the device cookie was issued by a successful sign-in to this same account. */
  deviceId: string | null;
}

/**
 * Throttles the credential and email endpoints by failures, never by successes (ADR 0007):
 * - per address, failures across all accounts (a spray from one address);
 * - per account and address (or per account and trusted device), so an attacker's failures from
 *   elsewhere cannot lock the owner out;
 * - per account across all addresses, at most LOGIN_ACCOUNT_FAILURES_PER_HOUR (ASVS 2.2.1), which a
 *   browser that already signed in to the account (device cookie) does not hit.
 */
export class AuthLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: LimitConfig,
  ) {}

  private get window(): number {
    return this.config.LOGIN_LIMIT_WINDOW_SECONDS;
  }

  private static account(email: string): string {
    return email.trim().toLowerCase();
  }

  private async ensure(key: string, limit: number): Promise<void> {
    const result = await this.limiter.check(key, limit);
    if (!result.allowed) throw tooManyAttempts(result);
  }

  /** Throws 429 before any password work when this source has failed too often. */
  async beforeSignIn(email: string, source: SignInSource): Promise<void> {
    const account = AuthLimits.account(email);
    await this.ensure(`login:ip:${source.ip}`, this.config.LOGIN_LIMIT_PER_IP);
    if (source.deviceId) {
      await this.ensure(`login:dev:${account}:${source.deviceId}`, this.config.LOGIN_LIMIT_PER_ACCOUNT);
      return;
    }
    await this.ensure(`login:acct-ip:${account}:${source.ip}`, this.config.LOGIN_LIMIT_PER_ACCOUNT);
    await this.ensure(`login:acct:${account}`, this.config.LOGIN_ACCOUNT_FAILURES_PER_HOUR);
  }

  async signInFailed(email: string, source: SignInSource): Promise<void> {
    const account = AuthLimits.account(email);
    await Promise.all([
      this.limiter.hit(`login:ip:${source.ip}`, this.config.LOGIN_LIMIT_PER_IP, this.window),
      source.deviceId
        ? this.limiter.hit(`login:dev:${account}:${source.deviceId}`, this.config.LOGIN_LIMIT_PER_ACCOUNT, this.window)
        : this.limiter.hit(`login:acct-ip:${account}:${source.ip}`, this.config.LOGIN_LIMIT_PER_ACCOUNT, this.window),
      // Every failure counts toward the hourly cap, whoever makes it: the cap bounds guesses, not people.
      this.limiter.hit(`login:acct:${account}`, this.config.LOGIN_ACCOUNT_FAILURES_PER_HOUR, HOUR_SECONDS),
    ]);
  }

  /** The owner got in from here: this source's own failures are forgiven; the hourly cap is not. */
  async signInSucceeded(email: string, source: SignInSource): Promise<void> {
    const account = AuthLimits.account(email);
    await this.limiter.reset(source.deviceId ? `login:dev:${account}:${source.deviceId}` : `login:acct-ip:${account}:${source.ip}`);
  }

  /** Refreshes happen on every page load; only presenting a bad cookie counts, per address. */
  async beforeRefresh(ip: string): Promise<void> {
    await this.ensure(`refresh:ip:${ip}`, this.config.REFRESH_LIMIT_PER_IP);
  }

  async refreshFailed(ip: string): Promise<void> {
    await this.limiter.hit(`refresh:ip:${ip}`, this.config.REFRESH_LIMIT_PER_IP, this.window);
  }

  /** Counts one attempt from `ip` at an email or token endpoint (forgot, reset, invitation); throws 429 past the limit. */
  async countAttempt(action: string, ip: string): Promise<void> {
    const result = await this.limiter.hit(`${action}:ip:${ip}`, this.config.LOGIN_LIMIT_PER_IP, this.window);
    if (!result.allowed) throw tooManyAttempts(result);
  }

  /** Counts one reset request for `email`: mail to one inbox is capped whoever asks. */
  async countResetRequest(email: string): Promise<void> {
    const result = await this.limiter.hit(`forgot:acct:${AuthLimits.account(email)}`, this.config.LOGIN_LIMIT_PER_ACCOUNT, this.window);
    if (!result.allowed) throw tooManyAttempts(result);
  }
}

export const DEVICE_COOKIE = 'aigym_device';

/**
 * A device cookie (OWASP "device cookies") marks a browser that has signed in to an account: it
 * keeps its own failure budget, so an attacker who exhausts the account's hourly cap does not lock
 * the owner out of a browser they already use.
 */
export class DeviceCookies {
  constructor(private readonly secret: string) {}

  private mac(account: string, nonce: string): string {
    return createHmac('sha256', this.secret).update(`device:${account}:${nonce}`).digest('base64url');
  }

  issue(email: string): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.mac(email.trim().toLowerCase(), nonce)}`;
  }

  /** The device id when `cookie` was issued for `email`, else null. */
  verify(cookie: string | undefined, email: string): string | null {
    if (!cookie) return null;
    const [nonce, mac, extra] = cookie.split('.');
    if (!nonce || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(email.trim().toLowerCase(), nonce));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }
}

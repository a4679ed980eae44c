import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/app-error.js';

const VERIFY_LIMIT_PER_MINUTE = 30;

/**
 * The public verification endpoints (the certificate's page and its credential) share one
 * per-address budget: a code is guessed no faster through one than the other.
 */
export async function limitVerifications(limiter: FastifyInstance['services']['limiter'], ip: string): Promise<void> {
  const limit = await limiter.hit(`verify:ip:${ip}`, VERIFY_LIMIT_PER_MINUTE, 60);
  if (!limit.allowed) {
    throw new AppError('rate_limited', 'Too many verifications from this address. Please wait a minute and try again.', {
      headers: { 'retry-after': String(limit.retryAfterSeconds) },
      details: { retryAfterSeconds: limit.retryAfterSeconds },
    });
  }
}

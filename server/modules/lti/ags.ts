import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import { runAnonymous } from '../../lib/transactions.js';
import { defineJob } from '../../platform/jobs/index.js';
import { MEDIA, SCOPE } from './claims.js';
import { platformById } from './refusal.js';
import { callPlatform, platformAccessToken, PlatformServiceError } from './services-client.js';
import { toolSigningKey } from './tool-keys.js';

/**
 * Assignment and Grade Services 2.0 (ADR 0045): a person's newest graded attempt (a verdict given)
 * on an exercise they launched from a graded resource link goes to that link's line item. Found by
 * a periodic job from the facts (like xAPI, ADR 0043), so the attempts module needs no hook and a
 * score is never lost to a platform outage: the link keeps its back-off and is tried again.
 */

const BATCH = 50;
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
export const agsBackoffAfter = (failures: number) => Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);

interface DueScore {
  link_id: string;
  platform_id: string;
  subject: string;
  lineitem_url: string;
  failures: number;
  attempt_id: string;
  score: number;
  passed: boolean;
  scored_at: Date;
}

/** {lineitem}/scores, keeping the line item's query string where the service put it. */
export function scoresUrlOf(lineitem: string): string {
  const url = new URL(lineitem);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

export async function sendScores(app: FastifyInstance, now: Date): Promise<number> {
  const { db, config } = app.services;
  const meta = { requestId: `lti-ags-${randomUUID()}`, ip: '127.0.0.1', onBackgroundError: (err: unknown) => app.log.error({ err }, 'LTI score work after commit failed') };
  const due = await runAnonymous(db, meta, async (ctx) => (await sql<DueScore>`select * from app.lti_scores_due(${now}::timestamptz, ${BATCH}::integer)`.execute(ctx.db)).rows);
  let sent = 0;
  for (const item of due) {
    let error: string | null = null;
    try {
      // Read first, then call the platform with no transaction open.
      const { platform, signing } = await runAnonymous(db, meta, async (ctx) => ({ platform: await platformById(ctx, item.platform_id), signing: await toolSigningKey(ctx, config) }));
      if (!platform) throw new PlatformServiceError('The platform is no longer registered.', 'lti_platform_gone');
      const token = await platformAccessToken(signing, platform, [SCOPE.score]);
      await callPlatform(scoresUrlOf(item.lineitem_url), token, {
          method: 'POST',
          contentType: MEDIA.score,
          body: JSON.stringify({
            userId: item.subject,
            scoreGiven: item.score,
            scoreMaximum: 100,
            activityProgress: 'Completed',
            gradingProgress: 'FullyGraded',
            timestamp: new Date(item.scored_at).toISOString(),
            comment: item.passed ? 'Passed' : 'Not passed',
          }),
        });
      sent += 1;
    } catch (err) {
      // Stored as a reason code (the status, not the platform's words); the log keeps the details.
      error = err instanceof PlatformServiceError ? err.reason : encodeReason('lti_score_failed');
      app.log.warn({ event: 'lti.score_failed', linkId: item.link_id, error, detail: err instanceof Error ? err.message : undefined }, 'LTI score not delivered; retrying with back-off');
    }
    const next = error ? new Date(now.getTime() + agsBackoffAfter(item.failures + 1)) : null;
    await runAnonymous(db, meta, (ctx) => sql`select app.lti_score_outcome(${item.link_id}::uuid, ${item.attempt_id}::uuid, ${error}, ${next}::timestamptz)`.execute(ctx.db));
  }
  return sent;
}

export const ltiScoresJob = defineJob({
  name: 'lti.scores',
  payload: z.object({}),
  retry: { attempts: 1, backoffMs: 0 },
  async handle(_payload, run) {
    await sendScores(run.app, run.now);
  },
});

export const LTI_SCORES_EVERY_MS = 30_000;

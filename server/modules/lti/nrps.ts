import { sql } from 'kysely';
import { z } from 'zod';
import type { LtiRosterResult } from '../../../contracts/lti.js';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { MEDIA, SCOPE } from './claims.js';
import { platformOf } from './platforms.service.js';
import { type PlatformRow, platformById } from './refusal.js';
import { callPlatform, platformAccessToken, PlatformServiceError } from './services-client.js';
import { type ToolSigningKey, toolSigningKey } from './tool-keys.js';

/**
 * Names and Role Provisioning Services 2.0 (ADR 0045): an admin pre-enrols a course's roster, read
 * from each course's memberships address seen in launches. Members are created or linked with the
 * launch's rules (by `user_id` = the launch's `sub`; email only to link someone already here) and
 * are always plain members. Inactive and deleted roster entries are skipped.
 */

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  status: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
const containerSchema = z.object({ members: z.array(z.unknown()).max(20_000) });
const MAX_PAGES = 50;

const nextLink = (header: string | null): string | null => /<([^>]+)>\s*;\s*rel="?next"?/i.exec(header ?? '')?.[1] ?? null;

type RosterMember = z.infer<typeof memberSchema>;
type RosterPlan = { platform: PlatformRow; signing: ToolSigningKey; membershipUrls: string[] };

/**
 * Three steps so no database transaction stays open while the platform answers (a slow LMS must not
 * hold a connection): read what to ask for, ask the platform outside any transaction, then provision.
 */
export async function syncRoster(
  asUser: <T>(work: (ctx: UserContext) => Promise<T>) => Promise<T>,
  config: Pick<Config, 'AI_KEYS_SECRET'>,
  communityId: string,
  platformId: string,
): Promise<LtiRosterResult> {
  const plan = await asUser((ctx) => planRosterSync(ctx, config, communityId, platformId));
  const { members, skipped } = await readRoster(plan);
  return asUser((ctx) => provisionRoster(ctx, { communityId, platformId, contexts: plan.membershipUrls.length, members, skipped }));
}

async function planRosterSync(ctx: UserContext, config: Pick<Config, 'AI_KEYS_SECRET'>, communityId: string, platformId: string): Promise<RosterPlan> {
  await platformOf(ctx, communityId, platformId);
  const platform = await platformById(ctx, platformId);
  if (!platform) throw new AppError('not_found', 'That LTI platform was not found.');
  const contexts = await ctx.db.selectFrom('lti_contexts').select(['memberships_url']).where('platform_id', '=', platformId).where('memberships_url', 'is not', null).execute();
  if (contexts.length === 0) throw new AppError('conflict', 'No course from this platform has launched AI GYM with its roster service yet. Open AI GYM once from the course, then try again.');
  const membershipUrls = contexts.flatMap((context) => (context.memberships_url ? [context.memberships_url] : []));
  return { platform, signing: await toolSigningKey(ctx, config), membershipUrls };
}

/** Every page of every course's roster; entries that are not active members are counted as skipped. */
async function readRoster(plan: RosterPlan): Promise<{ members: RosterMember[]; skipped: number }> {
  const members: RosterMember[] = [];
  let skipped = 0;
  try {
    const token = await platformAccessToken(plan.signing, plan.platform, [SCOPE.memberships]);
    for (const membershipUrl of plan.membershipUrls) {
      let url: string | null = membershipUrl;
      for (let page = 0; url && page < MAX_PAGES; page += 1) {
        const response = await callPlatform(url, token, { method: 'GET', accept: MEDIA.memberships });
        const container = containerSchema.safeParse(await response.json().catch(() => null));
        if (!container.success) throw new PlatformServiceError('The platform’s roster is not a membership container.', 'lti_platform_not_roster');
        for (const raw of container.data.members) {
          const member = memberSchema.safeParse(raw);
          if (!member.success || (member.data.status !== undefined && member.data.status !== 'Active')) skipped += 1;
          else members.push(member.data);
        }
        url = nextLink(response.headers.get('link'));
      }
    }
  } catch (error) {
    if (error instanceof PlatformServiceError) throw new AppError('service_unavailable', `The roster could not be read: ${error.message}`);
    throw error;
  }
  return { members, skipped };
}

async function provisionRoster(
  ctx: UserContext,
  roster: { communityId: string; platformId: string; contexts: number; members: RosterMember[]; skipped: number },
): Promise<LtiRosterResult> {
  const result: LtiRosterResult = { contexts: roster.contexts, members: 0, created: 0, skipped: roster.skipped };
  for (const m of roster.members) {
    const name = m.name ?? [m.given_name, m.family_name].filter(Boolean).join(' ');
    const email = m.email && z.email().safeParse(m.email).success ? m.email : null;
    const { rows } = await sql<{ created: boolean; refused: string | null }>`select created, refused from app.lti_provision_member(${roster.platformId}::uuid, ${m.user_id}, ${email}, ${name})`.execute(ctx.db);
    const row = rows[0];
    if (!row || row.refused) result.skipped += 1;
    else {
      result.members += 1;
      if (row.created) result.created += 1;
    }
  }
  await recordAudit(ctx, { action: 'community.lti_roster_sync', entityType: 'community', entityId: roster.communityId, after: { platformId: roster.platformId, ...result } });
  return result;
}

import { sql } from 'kysely';
import { z } from 'zod';
import type { LtiRosterResult } from '../../../contracts/lti.js';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { MEDIA, SCOPE } from './claims.js';
import { platformOf } from './platforms.service.js';
import { platformById } from './refusal.js';
import { callPlatform, platformAccessToken, PlatformServiceError } from './services-client.js';
import { toolSigningKey } from './tool-keys.js';

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

export async function syncRoster(ctx: UserContext, config: Pick<Config, 'AI_KEYS_SECRET'>, communityId: string, platformId: string): Promise<LtiRosterResult> {
  await platformOf(ctx, communityId, platformId);
  const platform = await platformById(ctx, platformId);
  if (!platform) throw new AppError('not_found', 'That LTI platform was not found.');
  const contexts = await ctx.db.selectFrom('lti_contexts').select(['context_id', 'memberships_url']).where('platform_id', '=', platformId).where('memberships_url', 'is not', null).execute();
  if (contexts.length === 0) throw new AppError('conflict', 'No course from this platform has launched AI GYM with its roster service yet. Open AI GYM once from the course, then try again.');
  const result: LtiRosterResult = { contexts: contexts.length, members: 0, created: 0, skipped: 0 };
  try {
    const token = await platformAccessToken(await toolSigningKey(ctx, config), platform, [SCOPE.memberships]);
    for (const context of contexts) {
      let url: string | null = context.memberships_url;
      for (let page = 0; url && page < MAX_PAGES; page += 1) {
        const response = await callPlatform(url, token, { method: 'GET', accept: MEDIA.memberships });
        const container = containerSchema.safeParse(await response.json().catch(() => null));
        if (!container.success) throw new PlatformServiceError('The platform’s roster is not a membership container.');
        for (const raw of container.data.members) {
          const member = memberSchema.safeParse(raw);
          if (!member.success || (member.data.status !== undefined && member.data.status !== 'Active')) {
            result.skipped += 1;
            continue;
          }
          const m = member.data;
          const name = m.name ?? [m.given_name, m.family_name].filter(Boolean).join(' ');
          const email = m.email && z.email().safeParse(m.email).success ? m.email : null;
          const { rows } = await sql<{ created: boolean; refused: string | null }>`select created, refused from app.lti_provision_member(${platformId}::uuid, ${m.user_id}, ${email}, ${name})`.execute(ctx.db);
          const row = rows[0];
          if (!row || row.refused) result.skipped += 1;
          else {
            result.members += 1;
            if (row.created) result.created += 1;
          }
        }
        url = nextLink(response.headers.get('link'));
      }
    }
  } catch (error) {
    if (error instanceof PlatformServiceError) throw new AppError('service_unavailable', `The roster could not be read: ${error.message}`);
    throw error;
  }
  await recordAudit(ctx, { action: 'community.lti_roster_sync', entityType: 'community', entityId: communityId, after: { platformId, ...result } });
  return result;
}

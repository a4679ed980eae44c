import { sql } from 'kysely';
import type { LtiErrorCode } from '../../../contracts/lti.js';
import type { AnonymousContext } from '../../lib/transactions.js';

export class LtiRefusal extends Error {
  constructor(
    readonly code: LtiErrorCode,
    readonly status: number,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LtiRefusal';
  }
}

export interface PlatformRow {
  id: string;
  community_id: string;
  issuer: string;
  client_id: string;
  deployment_ids: string[];
  jwks_url: string;
  auth_login_url: string;
  access_token_url: string | null;
}

export async function platformById(ctx: AnonymousContext, id: string): Promise<PlatformRow | null> {
  return (await sql<PlatformRow>`select * from app.lti_platform(${id}::uuid)`.execute(ctx.db)).rows[0] ?? null;
}


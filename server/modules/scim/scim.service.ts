import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import SCIMMY from 'scimmy';
import type { ScimStatus } from '../../../contracts/identity.js';
import { emailSchema } from '../../../contracts/users.js';
import { requireAdmin } from '../../lib/access.js';
import { notFound } from '../../lib/app-error.js';
import { hashOpaqueToken } from '../../lib/tokens.js';
import type { AnonymousContext, UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { iso } from '../../lib/dates.js';

/**
 * SCIM 2.0 provisioning per community (ADR 0041). SCIMMY parses filters, applies PATCH operations,
 * shapes resources, list responses and errors; this file maps its User and Group resources onto the
 * community's people through the SECURITY DEFINER functions of migration 0029, every one bound to
 * the community whose token the caller presented. Users are people; the two Groups are the
 * community's two roles (members and managers).
 */

export const SCIM_PREFIX = '/scim/v2';
export const SCIM_CONTENT_TYPE = 'application/scim+json';
const MAX_PAGE = 200;

/** What every SCIMMY handler receives: the request's transaction and the token's community. */
export interface ScimCall {
  ctx: AnonymousContext;
  communityId: string;
}

interface PersonRow {
  id: string;
  email: string;
  display_name: string;
  active: boolean;
  role: 'manager' | 'member';
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const scimError = (status: number, scimType: string | null, message: string) => new SCIMMY.Types.Error(status, scimType as string, message);

// ----- admin: the token

/** A new token for the community, replacing any old one. Shown once; only the hash is kept. */
export async function createScimToken(ctx: UserContext, communityId: string): Promise<string> {
  requireAdmin(ctx);
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
  const token = `scim_${randomBytes(32).toString('base64url')}`;
  const previous = await ctx.db.selectFrom('community_scim').select('created_at').where('community_id', '=', communityId).executeTakeFirst();
  const values = { token_hash: hashOpaqueToken(token), created_by: ctx.actor.userId, created_at: new Date(), last_sync_at: null };
  await ctx.db
    .insertInto('community_scim')
    .values({ community_id: communityId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
  await recordAudit(ctx, {
    action: previous ? 'community.scim_token_rotate' : 'community.scim_token_create',
    entityType: 'community',
    entityId: communityId,
    after: { replaced: Boolean(previous) },
  });
  return token;
}

export async function scimStatus(ctx: UserContext, appUrl: string, communityId: string): Promise<ScimStatus> {
  requireAdmin(ctx);
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
  const row = await ctx.db.selectFrom('community_scim').select(['created_at', 'last_sync_at']).where('community_id', '=', communityId).executeTakeFirst();
  return {
    baseUrl: scimBaseUrl(appUrl),
    tokenSet: Boolean(row),
    tokenCreatedAt: row ? iso(row.created_at) : null,
    lastSyncAt: row?.last_sync_at ? iso(row.last_sync_at) : null,
  };
}

export const scimBaseUrl = (appUrl: string) => new URL(SCIM_PREFIX, appUrl).toString();

/** The community a bearer token belongs to, or null (unknown, rotated away, malformed). */
export async function authenticateScim(ctx: AnonymousContext, authorization: string | undefined): Promise<string | null> {
  const match = /^Bearer\s+(\S{10,200})$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const { rows } = await sql<{ id: string | null }>`select app.scim_authenticate(${hashOpaqueToken(match[1])}) as id`.execute(ctx.db);
  return rows[0]?.id ?? null;
}

// ----- people

/** The community's people; one by id, or those with one email (the lookup a directory makes for each person). */
async function people(call: ScimCall, only: { id?: string; email?: string } = {}): Promise<PersonRow[]> {
  const { rows } = await sql<PersonRow>`select * from app.scim_people(${call.communityId}, ${only.id ?? null}::uuid, ${only.email ?? null}::text)`.execute(call.ctx.db);
  return rows;
}

async function person(call: ScimCall, id: string | undefined): Promise<PersonRow> {
  const found = id && uuidPattern.test(id) ? (await people(call, { id: id.toLowerCase() }))[0] : undefined;
  if (!found) throw scimError(404, null, `Resource ${id ?? ''} not found`);
  return found;
}

function toScimUser(row: PersonRow): Record<string, unknown> {
  return {
    id: row.id,
    userName: row.email,
    displayName: row.display_name,
    name: { formatted: row.display_name },
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.active,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    meta: { created: new Date(row.created_at), lastModified: new Date(row.updated_at) },
  };
}

/** userName and emails are case-insensitive: the expected values are lower-cased like stored emails. */
function caseInsensitiveEmails(filter: SCIMMY.Types.Filter): SCIMMY.Types.Filter {
  const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : Array.isArray(value) ? value.map(lower) : value);
  const rewrite = (expression: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(expression).map(([attr, value]) => {
        const key = attr.toLowerCase();
        if (key === 'username') return [attr, Array.isArray(value) ? value.map((part, i) => (i === 0 ? part : lower(part))) : value];
        if (key === 'emails' && value && typeof value === 'object' && !Array.isArray(value)) return [attr, rewrite(value as Record<string, unknown>)];
        if (key === 'value') return [attr, Array.isArray(value) ? value.map((part, i) => (i === 0 ? part : lower(part))) : value];
        return [attr, value];
      }),
    );
  return new SCIMMY.Types.Filter([...filter].map((e) => rewrite(e as Record<string, unknown>)));
}

/** The email of a filter that is exactly `userName eq "…"`, else undefined (the filter is then matched in full). */
function userNameEquals(filter: SCIMMY.Types.Filter | undefined): string | undefined {
  const expressions = filter ? [...filter] : [];
  if (expressions.length !== 1) return undefined;
  const entries = Object.entries(expressions[0] as Record<string, unknown>);
  const [attr, value] = entries[0] ?? [];
  if (entries.length !== 1 || attr?.toLowerCase() !== 'username' || !Array.isArray(value) || value.length !== 2) return undefined;
  return String(value[0]).toLowerCase() === 'eq' && typeof value[1] === 'string' ? value[1].toLowerCase() : undefined;
}

interface IncomingUser {
  userName?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  active?: boolean;
  externalId?: string;
}

function readIncoming(instance: IncomingUser) {
  const email = emailSchema.safeParse(instance.userName ?? '');
  if (!email.success) throw scimError(400, 'invalidValue', 'userName must be the person’s email address.');
  const fromParts = [instance.name?.givenName, instance.name?.familyName].filter(Boolean).join(' ');
  const displayName = (instance.displayName ?? instance.name?.formatted ?? fromParts).trim().slice(0, 120);
  const externalId = instance.externalId?.slice(0, 300) ?? null;
  return { email: email.data, displayName, externalId, active: instance.active !== false };
}

async function audit(call: ScimCall, action: string, userId: string, after: Record<string, unknown> = {}) {
  await sql`select app.record_scim_event(${call.communityId}, ${action}, ${userId}, ${JSON.stringify(after)}::jsonb, ${call.ctx.requestId}, ${call.ctx.ip})`.execute(call.ctx.db);
}

async function writeUser(resource: SCIMMY.Resources.User, instance: IncomingUser, call: ScimCall): Promise<Record<string, unknown>> {
  const input = readIncoming(instance);
  if (!resource.id) {
    const { rows } = await sql<{ id: string; created: boolean; problem: string | null }>`
      select * from app.scim_create(${call.communityId}, ${input.email}, ${input.displayName}, ${input.externalId}, ${input.active})`.execute(call.ctx.db);
    const result = rows[0];
    if (!result || result.problem === 'exists') throw scimError(409, 'uniqueness', `${input.email} is already provisioned in this community.`);
    await audit(call, result.created ? 'scim.user_create' : 'scim.user_link', result.id, { email: input.email, active: input.active });
    return toScimUser(await person(call, result.id));
  }
  const before = await person(call, resource.id);
  const { rows } = await sql<{ problem: string | null }>`
    select app.scim_update(${call.communityId}, ${before.id}, ${input.email}, ${input.displayName}, ${input.externalId}, ${input.active}) as problem`.execute(call.ctx.db);
  const problem = rows[0]?.problem;
  if (problem === 'not_found') throw scimError(404, null, `Resource ${resource.id} not found`);
  if (problem === 'shared') throw scimError(400, 'mutability', 'This person also belongs to another community, so their email cannot be changed from here.');
  if (problem === 'email_taken') throw scimError(409, 'uniqueness', `${input.email} belongs to another account.`);
  const after = await person(call, before.id);
  if (before.active !== after.active) await audit(call, after.active ? 'scim.user_reactivate' : 'scim.user_deactivate', before.id, { email: after.email });
  else await audit(call, 'scim.user_update', before.id, { email: after.email });
  return toScimUser(after);
}

// ----- groups: the community's two roles

type GroupId = 'members' | 'managers';
const groupNames: Record<GroupId, string> = { members: 'Members', managers: 'Managers' };

function groupOf(id: string | undefined): GroupId {
  if (id !== 'members' && id !== 'managers') throw scimError(404, null, `Resource ${id ?? ''} not found`);
  return id;
}

async function toScimGroup(call: ScimCall, id: GroupId): Promise<Record<string, unknown>> {
  const all = await people(call);
  const inGroup = all.filter((p) => p.active && (id === 'members' || p.role === 'manager'));
  return { id, displayName: groupNames[id], members: inGroup.map((p) => ({ value: p.id, display: p.display_name, type: 'User' })) };
}

/** Maps a group a provider names (Entra and Okta create groups by name) onto one of the two roles. */
function groupFromName(name: string | undefined): GroupId {
  const normalised = (name ?? '').trim().toLowerCase();
  if (/(^|\s)managers?$/.test(normalised)) return 'managers';
  if (/(^|\s)members?$/.test(normalised)) return 'members';
  throw scimError(400, 'invalidValue', 'This community has two groups only: “Members” and “Managers”. Name the group after one of them.');
}

async function writeGroup(resource: SCIMMY.Resources.Group, instance: { displayName?: string; members?: Array<{ value?: string }> }, call: ScimCall) {
  const id = resource.id ? groupOf(resource.id) : groupFromName(instance.displayName);
  const current = await toScimGroup(call, id);
  const before = new Set((current.members as Array<{ value: string }>).map((m) => m.value));
  const wanted = new Set((instance.members ?? []).map((m) => String(m.value ?? '').toLowerCase()));
  const all = new Map((await people(call)).map((p) => [p.id, p]));
  for (const userId of wanted) {
    if (before.has(userId)) continue;
    const found = all.get(userId);
    if (!found || !found.active) throw scimError(400, 'invalidValue', `Member ${userId} is not an active person of this community.`);
    if (id === 'managers') {
      await sql`select app.scim_set_role(${call.communityId}, ${userId}, 'manager')`.execute(call.ctx.db);
      await audit(call, 'scim.group_add', userId, { group: id });
    }
  }
  for (const userId of before) {
    if (wanted.has(userId)) continue;
    if (id === 'members') {
      throw scimError(400, 'mutability', 'To remove someone from this community, deactivate the user (active: false) or delete them.');
    }
    await sql`select app.scim_set_role(${call.communityId}, ${userId}, 'member')`.execute(call.ctx.db);
    await audit(call, 'scim.group_remove', userId, { group: id });
  }
  return toScimGroup(call, id);
}

// ----- SCIMMY wiring (once per process: SCIMMY keeps its declarations globally)

let declared = false;

export function declareScimResources(baseUrl: string): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    documentationUri: 'https://github.com/aigym/aigym/blob/main/docs/identity.md',
    patch: { supported: true },
    filter: { supported: true, maxResults: MAX_PAGE },
    bulk: { supported: false },
    sort: { supported: false },
    changePassword: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'The community’s provisioning token, created by an AI GYM administrator on the community page.' },
    ],
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.User);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  SCIMMY.Resources.User.basepath(baseUrl);
  SCIMMY.Resources.Group.basepath(baseUrl);
  // SCIMMY's handler types want its own schema classes; ours are the plain objects it accepts at run time.
  type UserEgress = Parameters<typeof SCIMMY.Resources.User.egress>[0];
  type UserIngress = Parameters<typeof SCIMMY.Resources.User.ingress>[0];
  type GroupEgress = Parameters<typeof SCIMMY.Resources.Group.egress>[0];
  type GroupIngress = Parameters<typeof SCIMMY.Resources.Group.ingress>[0];
  const userEgress = async (resource: SCIMMY.Resources.User, call: ScimCall) => {
    if (resource.id) return toScimUser(await person(call, resource.id));
    const all = (await people(call, { email: userNameEquals(resource.filter) })).map(toScimUser);
    if (!resource.filter) return all;
    try {
      return caseInsensitiveEmails(resource.filter).match(all);
    } catch (error) {
      throw scimError(400, 'invalidFilter', error instanceof Error ? error.message : 'The filter could not be read.');
    }
  };
  const groupEgress = async (resource: SCIMMY.Resources.Group, call: ScimCall) => {
    if (resource.id) return toScimGroup(call, groupOf(resource.id));
    const all = [await toScimGroup(call, 'members'), await toScimGroup(call, 'managers')];
    return resource.filter ? resource.filter.match(all) : all;
  };
  SCIMMY.Resources.User.egress(userEgress as unknown as UserEgress)
    .ingress(((resource: SCIMMY.Resources.User, instance: unknown, call: ScimCall) => writeUser(resource, instance as IncomingUser, call)) as unknown as UserIngress)
    .degress(async (resource, call: ScimCall) => {
      const target = await person(call, resource.id);
      await sql`select app.scim_delete(${call.communityId}, ${target.id})`.execute(call.ctx.db);
      await audit(call, 'scim.user_delete', target.id, { email: target.email });
    });
  SCIMMY.Resources.Group.egress(groupEgress as unknown as GroupEgress)
    .ingress(
      ((resource: SCIMMY.Resources.Group, instance: unknown, call: ScimCall) =>
        writeGroup(resource, instance as { displayName?: string; members?: Array<{ value?: string }> }, call)) as unknown as GroupIngress,
    )
    .degress(() => {
      throw scimError(400, 'mutability', 'The Members and Managers groups are this community’s roles and cannot be deleted.');
    });
  SCIMMY.Resources.ServiceProviderConfig.basepath(baseUrl);
  SCIMMY.Resources.ResourceType.basepath(baseUrl);
  SCIMMY.Resources.Schema.basepath(baseUrl);
}

/** Query-string paging and filtering as SCIMMY takes them (count capped); a filter that does not parse is `invalidFilter`. */
export function listOptions(query: Record<string, string | undefined>) {
  if (query.filter !== undefined) {
    try {
      new SCIMMY.Types.Filter(query.filter);
    } catch (error) {
      throw scimError(400, 'invalidFilter', error instanceof Error ? error.message : 'The filter could not be read.');
    }
  }
  const int = (value: string | undefined) => (value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined);
  const count = int(query.count);
  const startIndex = int(query.startIndex);
  return {
    ...(query.filter !== undefined ? { filter: query.filter } : {}),
    ...(query.attributes !== undefined ? { attributes: query.attributes } : {}),
    ...(query.excludedAttributes !== undefined ? { excludedAttributes: query.excludedAttributes } : {}),
    ...(startIndex !== undefined ? { startIndex } : {}),
    count: Math.min(count ?? MAX_PAGE, MAX_PAGE),
  };
}

/**
 * Entra ID sends booleans as strings ("False") in PATCH operations; SCIMMY rightly wants booleans.
 * Only `active` is rewritten, and only the two spellings of a boolean.
 */
export function normalisePatch(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { Operations?: unknown }).Operations)) return body;
  const asBoolean = (value: unknown) => (typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value);
  const operations = (body as { Operations: unknown[] }).Operations.map((operation) => {
    if (!operation || typeof operation !== 'object') return operation;
    const op = operation as { path?: unknown; value?: unknown };
    if (typeof op.path === 'string' && op.path.toLowerCase() === 'active') return { ...op, value: asBoolean(op.value) };
    if (op.path === undefined && op.value && typeof op.value === 'object' && 'active' in op.value) {
      return { ...op, value: { ...op.value, active: asBoolean((op.value as { active: unknown }).active) } };
    }
    return operation;
  });
  return { ...body, Operations: operations };
}

export { SCIMMY };

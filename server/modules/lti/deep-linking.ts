import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config.js';
import { assumeIdentity, type AnonymousContext, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { CLAIM } from './claims.js';
import { LtiRefusal, type PlatformRow } from './refusal.js';
import { LTI_ALG, toolJwks, toolSigningKey } from './tool-keys.js';

/**
 * Deep linking 2.0 (ADR 0045): the platform's course editor launches us with an
 * LtiDeepLinkingRequest; we answer with a page listing the community's published exercises and
 * programs; the chosen ones go back as a signed LtiDeepLinkingResponse, auto-posted to the
 * platform's return URL. The page holds a short-lived token signed with the tool key (no cookie,
 * so it works inside the editor's iframe).
 */

const PICKER_AUDIENCE = 'aigym-lti-deep-link';
const PICKER_TTL = '30m';

export interface PickableItem {
  kind: 'exercise' | 'program';
  id: string;
  title: string;
}

export interface DeepLinkPicker {
  token: string;
  items: PickableItem[];
  multiple: boolean;
}

type KeyConfig = Pick<Config, 'AI_KEYS_SECRET' | 'APP_URL'>;

/** What the person may pick: published exercises and programs assigned to the platform's community, read as them (row-level security). */
async function pickable(ctx: UserContext, communityId: string): Promise<PickableItem[]> {
  const exercises = await ctx.db
    .selectFrom('content_items as c')
    .innerJoin('content_assignments as a', 'a.content_id', 'c.id')
    .select(['c.id', 'c.title'])
    .where('a.community_id', '=', communityId)
    .where('c.kind', '=', 'exercise')
    .where('c.status', '=', 'published')
    .orderBy('c.title')
    .execute();
  const programs = await ctx.db
    .selectFrom('programs as p')
    .innerJoin('program_assignments as a', 'a.program_id', 'p.id')
    .select(['p.id', 'p.title'])
    .where('a.community_id', '=', communityId)
    .where('p.status', '=', 'published')
    .orderBy('p.title')
    .execute();
  return [...exercises.map((e) => ({ kind: 'exercise' as const, ...e })), ...programs.map((p) => ({ kind: 'program' as const, ...p }))];
}

export async function deepLinkPicker(ctx: UserContext, config: KeyConfig, platform: PlatformRow, claims: JWTPayload): Promise<DeepLinkPicker> {
  const settings = (claims[CLAIM.deepLinkingSettings] ?? {}) as { deep_link_return_url?: unknown; accept_types?: unknown; accept_multiple?: unknown; data?: unknown };
  const refuse = (message: string, reason: string) => new LtiRefusal('lti_message_unsupported', 400, message, { reason });
  if (typeof settings.deep_link_return_url !== 'string' || !/^https?:\/\//.test(settings.deep_link_return_url)) throw refuse('The platform gave no address to return the chosen activities to.', 'no_return_url');
  if (!Array.isArray(settings.accept_types) || !settings.accept_types.includes('ltiResourceLink')) throw refuse('The platform does not accept activity links here.', 'accept_types');
  const signing = await toolSigningKey(ctx, config);
  const token = await new SignJWT({
    platformId: platform.id,
    deploymentId: claims[CLAIM.deploymentId],
    returnUrl: settings.deep_link_return_url,
    data: typeof settings.data === 'string' ? settings.data : null,
  })
    .setProtectedHeader({ alg: LTI_ALG, kid: signing.kid })
    .setSubject(ctx.actor.userId)
    .setAudience(PICKER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(PICKER_TTL)
    .sign(signing.key);
  return { token, items: await pickable(ctx, platform.community_id), multiple: settings.accept_multiple !== false };
}

export interface DeepLinkAnswer {
  returnUrl: string;
  jwt: string;
}

interface PickerClaims {
  platformId: string;
  deploymentId: string;
  returnUrl: string;
  data: string | null;
  sub: string;
}

/** The chosen items, checked again against what the person may pick, as a signed LtiDeepLinkingResponse. */
export async function deepLinkResponse(
  ctx: AnonymousContext,
  config: KeyConfig,
  platformById: (ctx: AnonymousContext, id: string) => Promise<PlatformRow | null>,
  token: string,
  chosen: string[],
): Promise<DeepLinkAnswer | null> {
  let picker: PickerClaims;
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await toolJwks(ctx, config)), { audience: PICKER_AUDIENCE, algorithms: [LTI_ALG] });
    picker = payload as unknown as PickerClaims;
  } catch {
    return null;
  }
  const platform = await platformById(ctx, picker.platformId);
  if (!platform) return null;
  const userCtx = await assumeIdentity(ctx, picker.sub, 'member');
  const allowed = await pickable(userCtx, platform.community_id);
  const items = allowed.filter((item) => chosen.includes(`${item.kind}:${item.id}`));
  const signing = await toolSigningKey(ctx, config);
  const contentItems = items.map((item) => ({
    type: 'ltiResourceLink',
    title: item.title,
    url: new URL(`/${item.kind}s/${item.id}`, config.APP_URL).toString(),
    custom: { [`aigym_${item.kind}`]: item.id },
    // An exercise is graded: the platform makes a line item our scores go to (AGS).
    ...(item.kind === 'exercise' ? { lineItem: { scoreMaximum: 100, label: item.title, resourceId: item.id } } : {}),
  }));
  const jwt = await new SignJWT({
    nonce: randomUUID(),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: picker.deploymentId,
    [CLAIM.deepLinkingContentItems]: contentItems,
    ...(picker.data === null ? {} : { [CLAIM.deepLinkingData]: picker.data }),
  })
    .setProtectedHeader({ alg: LTI_ALG, kid: signing.kid, typ: 'JWT' })
    .setIssuer(platform.client_id)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(signing.key);
  await recordAudit(userCtx, { action: 'lti.deep_link', entityType: 'community', entityId: platform.community_id, after: { platformId: platform.id, items: items.map((i) => `${i.kind}:${i.id}`) } });
  return { returnUrl: picker.returnUrl, jwt };
}

// ----- the small pages (served by the LTI routes with their own CSP): the picker, the auto-post, a refusal

export const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const page = (title: string, body: string, lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}fieldset{border:1px solid #ccc;border-radius:8px;padding:1rem}label{display:block;padding:.35rem 0}button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}</style>
</head><body>${body}</body></html>`;

const text = {
  en: { title: 'Choose activities from AI GYM', legend: 'Exercises and programs', exercise: 'Exercise', program: 'Program', add: 'Add to the course', none: 'This organisation has no published exercises or programs yet.', back: 'Returning to your course…', go: 'Continue' },
  es: { title: 'Elige actividades de AI GYM', legend: 'Ejercicios y programas', exercise: 'Ejercicio', program: 'Programa', add: 'Añadir al curso', none: 'Esta organización aún no tiene ejercicios ni programas publicados.', back: 'Volviendo a tu curso…', go: 'Continuar' },
};
export type PageLanguage = keyof typeof text;

export function pickerPage(picker: DeepLinkPicker, lang: PageLanguage): string {
  const t = text[lang];
  const type = picker.multiple ? 'checkbox' : 'radio';
  const rows = picker.items
    .map((item) => `<label><input type="${type}" name="item" value="${item.kind}:${item.id}"> ${escape(item.title)} <small>(${item.kind === 'exercise' ? t.exercise : t.program})</small></label>`)
    .join('');
  const body = picker.items.length
    ? `<form method="post" action="/lti/deep-link"><input type="hidden" name="token" value="${escape(picker.token)}"><fieldset><legend>${t.legend}</legend>${rows}</fieldset><button type="submit">${t.add}</button></form>`
    : `<p>${t.none}</p>`;
  return page(t.title, `<main><h1>${t.title}</h1>${body}</main>`, lang);
}

/** The answer the browser carries back to the platform: a form posted by a same-origin script (CSP allows no inline script). */
export function autoPostPage(answer: DeepLinkAnswer, lang: PageLanguage): string {
  const t = text[lang];
  return page(
    t.title,
    `<main><p>${t.back}</p><form id="lti-return" method="post" action="${escape(answer.returnUrl)}"><input type="hidden" name="JWT" value="${escape(answer.jwt)}"><button type="submit">${t.go}</button></form></main><script src="/lti/auto-post.js"></script>`,
    lang,
  );
}

export const AUTO_POST_SCRIPT = "document.getElementById('lti-return')?.submit();\n";

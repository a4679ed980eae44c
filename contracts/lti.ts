import { z } from 'zod';
import { failureReasonCodes } from './failure-reasons.js';

/** An address the server calls or sends people to: http(s) only, no credentials in it. */
const urlField = (what: string) =>
  z
    .string()
    .trim()
    .max(500)
    .url(`Enter the platform's ${what}, starting with https://`)
    .refine((value) => /^https?:\/\//i.test(value), `The ${what} must start with https:// (or http:// on a private network).`)
    .refine((value) => {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    }, `The ${what} must not carry a user name or password.`);

/** POST /api/communities/:id/lti-platforms (§10.2): what the LMS administrator gives you. */
export const createLtiPlatformSchema = z.object({
  issuer: z.string().trim().min(1, 'Enter the platform issuer (its "platform ID").').max(500),
  clientId: z.string().trim().min(1, 'Enter the client ID the platform gave this tool.').max(200),
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1, 'Enter at least one deployment ID.').max(50),
  jwksUrl: urlField('public keyset URL'),
  authLoginUrl: urlField('authentication request URL'),
  accessTokenUrl: urlField('access token URL').optional(),
});
export type CreateLtiPlatformInput = z.infer<typeof createLtiPlatformSchema>;

export const ltiPlatformSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  issuer: z.string(),
  clientId: z.string(),
  deploymentIds: z.array(z.string()),
  jwksUrl: z.string(),
  authLoginUrl: z.string(),
  accessTokenUrl: z.string().nullable(),
  createdAt: z.string(),
});
export type LtiPlatform = z.infer<typeof ltiPlatformSchema>;

/** What the LMS administrator enters on their side (the same for every platform). */
export const ltiToolValuesSchema = z.object({
  loginUrl: z.string(),
  launchUrl: z.string(),
  deepLinkUrl: z.string(),
  jwksUrl: z.string(),
});
export type LtiToolValues = z.infer<typeof ltiToolValuesSchema>;

export const ltiPlatformEnvelopeSchema = z.object({ platform: ltiPlatformSchema });
export const ltiPlatformListSchema = z.object({ platforms: z.array(ltiPlatformSchema), tool: ltiToolValuesSchema });
export type LtiPlatformList = z.infer<typeof ltiPlatformListSchema>;

/** `message` is an English sentence (kept for API clients); `code` and `details` are what the web words (issue 23). */
export const ltiCheckResultSchema = z.object({
  ok: z.boolean(),
  keys: z.number().int(),
  message: z.string(),
  code: z.enum(failureReasonCodes).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type LtiCheckResult = z.infer<typeof ltiCheckResultSchema>;

export const ltiRosterResultSchema = z.object({ contexts: z.number().int(), members: z.number().int(), created: z.number().int(), skipped: z.number().int() });
export type LtiRosterResult = z.infer<typeof ltiRosterResultSchema>;

/** Refusals a launch can end in: the page the learner sees names the reason in words. */
export const ltiErrorCodes = [
  'lti_unknown_platform',
  'lti_state_invalid',
  'lti_token_invalid',
  'lti_nonce_invalid',
  'lti_deployment_unknown',
  'lti_message_unsupported',
  'lti_account_refused',
  'lti_platform_unreachable',
] as const;
export type LtiErrorCode = (typeof ltiErrorCodes)[number];

import { z } from 'zod';
import { emailDomainSchema } from './sso.js';

/** Issue 30 (ADR 0041): provisioning (SCIM) and SAML sign-in, per community. */

export const scimTokenResponseSchema = z.object({
  /** Shown once: only its hash is stored. */
  token: z.string(),
});
export type ScimTokenResponse = z.infer<typeof scimTokenResponseSchema>;

export const scimStatusSchema = z.object({
  /** The base URL a client's identity provider is given (the tenant URL). */
  baseUrl: z.string(),
  tokenSet: z.boolean(),
  tokenCreatedAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
});
export type ScimStatus = z.infer<typeof scimStatusSchema>;

export const samlConfigSchema = z.object({
  communityId: z.uuid(),
  idpEntityId: z.string(),
  idpSsoUrl: z.string(),
  certificateCount: z.number().int(),
  domains: z.array(z.string()),
  updatedAt: z.string(),
});
export type SamlConfig = z.infer<typeof samlConfigSchema>;

export const samlSettingsResponseSchema = z.object({
  saml: samlConfigSchema.nullable(),
  /** What the client's administrator enters at their identity provider. */
  sp: z.object({ entityId: z.string(), acsUrl: z.string(), metadataUrl: z.string(), startUrl: z.string() }),
});
export type SamlSettingsResponse = z.infer<typeof samlSettingsResponseSchema>;

export const putSamlConfigSchema = z.object({
  /** The identity provider's metadata XML, as its administrator downloads it. */
  idpMetadataXml: z.string().trim().min(50, 'Paste the identity provider’s metadata XML.').max(100_000),
  domains: z.array(emailDomainSchema).min(1, 'Add at least one email domain.').max(20),
});
export type PutSamlConfigInput = z.infer<typeof putSamlConfigSchema>;

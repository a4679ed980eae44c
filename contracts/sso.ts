import { z } from 'zod';
import { emailSchema } from './users.js';

export const ssoDiscoverSchema = z.object({ email: emailSchema });
export const ssoDiscoverResponseSchema = z.object({
  sso: z.boolean(),
  /** Where the browser goes to start signing in at the community's provider (same origin). */
  redirectUrl: z.string().optional(),
});
export type SsoDiscoverResponse = z.infer<typeof ssoDiscoverResponseSchema>;

export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'Enter a domain such as example.com.')
  .max(253);

/** The client secret is write-only: answers only say whether one is set. */
export const ssoConfigSchema = z.object({
  communityId: z.uuid(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.boolean(),
  domains: z.array(z.string()),
  /** Where the provider must send people back (register it at the provider). */
  redirectUri: z.string(),
  updatedAt: z.string(),
  /**
   * People with an address in these domains who belong to other communities and not this one: the
   * provider cannot sign them in here (issue 26), and the admin is warned before they are surprised.
   */
  peopleInOtherCommunities: z.number().int().nonnegative().optional(),
});
export type SsoConfig = z.infer<typeof ssoConfigSchema>;

export const ssoConfigResponseSchema = z.object({ sso: ssoConfigSchema.nullable(), redirectUri: z.string() });
export type SsoConfigResponse = z.infer<typeof ssoConfigResponseSchema>;

export const putSsoConfigSchema = z.object({
  issuer: z.url({ message: 'Enter the issuer URL, e.g. https://login.example.com.' }).max(500),
  clientId: z.string().trim().min(1, 'Enter the client id.').max(300),
  /** Omit to keep the stored secret; send to replace it. */
  clientSecret: z.string().min(1).max(2000).optional(),
  domains: z.array(emailDomainSchema).min(1, 'Add at least one email domain.').max(20),
});
export type PutSsoConfigInput = z.infer<typeof putSsoConfigSchema>;

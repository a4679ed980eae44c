import { z } from 'zod';

/**
 * Open Badges 3.0 (ARCHITECTURE §10.2, ADR 0044). A certificate's credential is a compact VC-JWT
 * (media type application/vc+jwt) whose payload is the OpenBadgeCredential itself.
 */
export const credentialEnvelopeSchema = z.object({
  /** The signed credential, ready for a wallet: header.payload.signature. */
  credential: z.string(),
  /** Always application/vc+jwt: what a file or a wallet import should call it. */
  mediaType: z.literal('application/vc+jwt'),
});
export type CredentialEnvelope = z.infer<typeof credentialEnvelopeSchema>;

export const jwkSchema = z.object({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig'), n: z.string(), e: z.string() });
export const jwksSchema = z.object({ keys: z.array(jwkSchema) });

export const statusPurposeSchema = z.enum(['revocation', 'suspension']);
export type StatusPurpose = z.infer<typeof statusPurposeSchema>;
export const statusListParamsSchema = z.object({ purpose: statusPurposeSchema, list: z.coerce.number().int().min(0).max(100_000) });

export const issuerProfileSchema = z.object({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  name: z.string(),
  url: z.string(),
});

export const signingKeySchema = z.object({
  kid: z.string(),
  alg: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  /** A retired key stays in /.well-known/jwks.json until then; null while it signs, or for good. */
  publishedUntil: z.string().nullable(),
});
export type SigningKey = z.infer<typeof signingKeySchema>;
export const signingKeyListSchema = z.object({ items: z.array(signingKeySchema) });

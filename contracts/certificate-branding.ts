import { z } from 'zod';

/** Issue 25: who awards the certificates, set by admins for the whole installation. */
export const certificateBrandingSchema = z.object({
  organisationName: z.string(),
  /** The logo's public path (/uploads/…), or null when none was uploaded. */
  logoUrl: z.string().nullable(),
  signatoryName: z.string(),
  signatoryTitle: z.string(),
  updatedAt: z.string().nullable(),
});
export type CertificateBranding = z.infer<typeof certificateBrandingSchema>;

export const updateCertificateBrandingSchema = z.object({
  organisationName: z.string().trim().max(200, 'The organisation name is at most 200 characters.'),
  signatoryName: z.string().trim().max(120, 'The name is at most 120 characters.'),
  signatoryTitle: z.string().trim().max(120, 'The title is at most 120 characters.'),
});
export type UpdateCertificateBrandingInput = z.infer<typeof updateCertificateBrandingSchema>;

/** PNG or JPEG (what the PDF can embed), checked by the file's first bytes. */
export const CERTIFICATE_LOGO_MAX_BYTES = 1024 * 1024;

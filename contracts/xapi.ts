import { z } from 'zod';
import { failureReasonCodes } from './failure-reasons.js';

/** An LRS address: http(s) only, no credentials in it (they have their own fields). */
const endpointSchema = z
  .string()
  .trim()
  .max(500)
  .url('Enter the LRS address, starting with https://')
  .refine((value) => /^https?:\/\//i.test(value), 'The LRS address must start with https:// (or http:// on a private network).')
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'Put the user name and password in their own fields, not in the address.');

/** PUT /api/communities/:id/lrs (§10.2): the password is write-only; leave it out to keep the saved one. */
export const putLrsSchema = z.object({
  endpoint: endpointSchema,
  username: z.string().trim().min(1, 'Enter the LRS user name (its "key").').max(200),
  password: z.string().min(1).max(500).optional(),
  includeEmail: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type PutLrsInput = z.infer<typeof putLrsSchema>;

export const lrsDeliverySchema = z.object({
  pending: z.number().int(),
  sent: z.number().int(),
  rejected: z.number().int(),
  failures: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastSentAt: z.string().nullable(),
});

export const lrsSettingsSchema = z.object({
  endpoint: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
  includeEmail: z.boolean(),
  enabled: z.boolean(),
  delivery: lrsDeliverySchema,
});
export type LrsSettings = z.infer<typeof lrsSettingsSchema>;

export const lrsEnvelopeSchema = z.object({ lrs: lrsSettingsSchema.nullable() });
export type LrsEnvelope = z.infer<typeof lrsEnvelopeSchema>;

/** `message` is an English sentence (kept for API clients); `code` and `details` are what the web words (issue 23). */
export const lrsTestResultSchema = z.object({
  ok: z.boolean(),
  versions: z.array(z.string()),
  message: z.string(),
  code: z.enum(failureReasonCodes).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type LrsTestResult = z.infer<typeof lrsTestResultSchema>;

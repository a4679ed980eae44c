import { z } from 'zod';

export const flagKeySchema = z.string().regex(/^[a-z][a-z0-9_.-]{1,62}$/, 'Use 2–63 lower-case letters, digits, dots, dashes or underscores, starting with a letter.');

export const flagSchema = z.object({
  key: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  rolloutPercentage: z.number().int().min(0).max(100),
  communityIds: z.array(z.uuid()),
  updatedAt: z.string(),
});
export type Flag = z.infer<typeof flagSchema>;

const flagFields = {
  description: z.string().trim().max(500),
  enabled: z.boolean(),
  rolloutPercentage: z.number().int().min(0).max(100),
  communityIds: z.array(z.uuid()).max(500),
};
export const createFlagSchema = z.object({
  key: flagKeySchema,
  description: flagFields.description.default(''),
  enabled: flagFields.enabled.default(false),
  rolloutPercentage: flagFields.rolloutPercentage.default(100),
  communityIds: flagFields.communityIds.default([]),
});
// Built from the fields without defaults: zod applies defaults inside .partial(), which would
// silently reset every field a patch leaves out.
export const updateFlagSchema = z
  .object(flagFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type UpdateFlagInput = z.infer<typeof updateFlagSchema>;

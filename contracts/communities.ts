import { z } from 'zod';
import { pageQuerySchema } from './pagination.js';
import { privacyModeSchema, retentionPatchSchema, retentionSchema } from './privacy.js';
import { communityRoleSchema } from './users.js';

export const communitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
  // Data governance (ADR 0042).
  retention: retentionSchema,
  privacyMode: privacyModeSchema,
});
export type Community = z.infer<typeof communitySchema>;

const communityFields = {
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  description: z.string().trim().max(2000),
};
export const communityInputSchema = z.object({ ...communityFields, description: communityFields.description.default('') });
// Not communityInputSchema.partial(): zod applies defaults inside .partial(), so a rename would
// also blank the description.
export const updateCommunitySchema = z
  .object({ ...communityFields, retention: retentionPatchSchema, privacyMode: privacyModeSchema })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type CommunityInput = z.input<typeof communityInputSchema>;

export type CommunityPatch = z.input<typeof updateCommunitySchema>;

export const listCommunitiesQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(200).optional() });

export const communityMemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: communityRoleSchema,
  status: z.string(),
  joinedAt: z.string(),
});
export type CommunityMember = z.infer<typeof communityMemberSchema>;

export const setMembershipSchema = z.object({ role: communityRoleSchema });

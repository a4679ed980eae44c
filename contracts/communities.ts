import { z } from 'zod';
import { pageQuerySchema } from './pagination.js';
import { communityRoleSchema } from './users.js';

export const communitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type Community = z.infer<typeof communitySchema>;

export const communityInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  description: z.string().trim().max(2000).default(''),
});
export const updateCommunitySchema = communityInputSchema.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Send at least one field to change.',
});
export type CommunityInput = z.input<typeof communityInputSchema>;

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

import { z } from 'zod';
import { communityRoleSchema, emailSchema, passwordSchema, userSchema } from './users.js';

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const sessionResponseSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  user: userSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const meResponseSchema = z.object({
  user: userSchema,
  communities: z.array(z.object({ id: z.uuid(), name: z.string(), role: communityRoleSchema })),
  flags: z.record(z.string(), z.boolean()),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const forgotPasswordSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({
  token: z.string().min(10).max(200),
  password: passwordSchema,
});
export const acceptInvitationSchema = z.object({
  token: z.string().min(10).max(200),
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(120).optional(),
});

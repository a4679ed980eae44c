import { z } from 'zod';
import { totpCodeSchema } from './auth.js';
import { displayNameSchema, passwordSchema, userSchema } from './users.js';

export const updateProfileSchema = z.object({ displayName: displayNameSchema });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(256),
  newPassword: passwordSchema,
});

export const profileResponseSchema = z.object({ user: userSchema });

export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  /** Required for this person's role (MFA_REQUIRED_FOR): it cannot be turned off. */
  required: z.boolean(),
  /** Unused recovery codes left. */
  recoveryCodesLeft: z.number().int(),
  enabledAt: z.string().nullable(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const codeInputSchema = z.object({ code: totpCodeSchema });
/**
 * Turning two-factor on or off proves it is the owner, not just someone holding their access token:
 * the current password (accounts without one — single sign-on — need a sign-in in the last 10 minutes).
 */
export const reauthSchema = z.object({ currentPassword: z.string().max(1000).optional() });
export const disableTwoFactorSchema = codeInputSchema.extend(reauthSchema.shape);

export const recoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof recoveryCodesResponseSchema>;

/** What an admin sees about someone's two-factor (never the secret). */
export const userTwoFactorSchema = z.object({ enabled: z.boolean(), enabledAt: z.string().nullable() });

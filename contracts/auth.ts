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

/**
 * The password was right and a second step is needed: `mfaToken` is single-purpose (it opens only
 * POST /api/auth/mfa and /api/auth/mfa/enrol), single-use and valid for five minutes. It is not an
 * access token. `enrolmentRequired`: the account must set up an authenticator first.
 */
export const mfaChallengeSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  enrolmentRequired: z.boolean(),
});
export type MfaChallenge = z.infer<typeof mfaChallengeSchema>;

export const loginResponseSchema = z.union([sessionResponseSchema, mfaChallengeSchema]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.');
export const recoveryCodeSchema = z.string().trim().min(8, 'Enter a recovery code.').max(40);

export const mfaVerifySchema = z
  .object({
    mfaToken: z.string().min(20).max(200),
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
  })
  .refine((value) => (value.code === undefined) !== (value.recoveryCode === undefined), {
    message: 'Send either a code from your app or a recovery code.',
  });
export type MfaVerifyInput = z.infer<typeof mfaVerifySchema>;

export const mfaEnrolSchema = z.object({ mfaToken: z.string().min(20).max(200) });

/** A session, plus the recovery codes when this sign-in also finished setting up two-factor (shown once). */
export const mfaSessionResponseSchema = sessionResponseSchema.extend({
  recoveryCodes: z.array(z.string()).optional(),
});
export type MfaSessionResponse = z.infer<typeof mfaSessionResponseSchema>;

/** What an authenticator app needs: the key (typed in by hand) and the same as an otpauth URL and QR image. */
export const totpSetupSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetupSchema>;

import { z } from 'zod';
import { failureReasonCodes } from './failure-reasons.js';
import { pageQuerySchema } from './pagination.js';

export const platformRoleSchema = z.enum(['admin', 'member']);
export const communityRoleSchema = z.enum(['manager', 'member']);
export const userStatusSchema = z.enum(['invited', 'active', 'suspended']);
export type PlatformRole = z.infer<typeof platformRoleSchema>;
export type CommunityRole = z.infer<typeof communityRoleSchema>;
export type UserStatus = z.infer<typeof userStatusSchema>;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address.' }));

/** NIST 800-63B: length over composition rules; 8 is the floor, 256 keeps hashing bounded. */
export const passwordSchema = z
  .string()
  .min(8, 'Use at least 8 characters.')
  .max(256, 'Use at most 256 characters.');

/** Bidi overrides and other invisible format characters (U+202E…) are removed: a name shows as it reads (issue 26). */
export const displayNameSchema = z
  .string()
  .transform((v) => v.replace(/\p{Cf}/gu, ''))
  .pipe(z.string().trim().min(1, 'Enter a name.').max(120));

/** The languages of the app and its emails (ADR 0022). */
export const languageSchema = z.enum(['en', 'es']);
export type Language = z.infer<typeof languageSchema>;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: platformRoleSchema,
  status: userStatusSchema,
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  /** Their chosen language; null until they choose (the app then follows the browser). */
  language: languageSchema.nullable(),
});
export type User = z.infer<typeof userSchema>;

/** PUT /api/profile/language: one's own language; null goes back to following the browser. */
export const setLanguageSchema = z.object({ language: languageSchema.nullable() });
export type SetLanguageInput = z.infer<typeof setLanguageSchema>;

export const userMembershipSchema = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  role: communityRoleSchema,
});
export const userDetailSchema = userSchema.extend({ communities: z.array(userMembershipSchema) });
export type UserDetail = z.infer<typeof userDetailSchema>;
/** A row of GET /api/users: the user with the communities (and community role) the reader may see. */
export const userListItemSchema = userDetailSchema;
export type UserListItem = UserDetail;

export const userSortSchema = z.enum(['newest', 'name']);
export type UserSort = z.infer<typeof userSortSchema>;

export const createUserSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  role: platformRoleSchema.default('member'),
  password: passwordSchema.optional(),
  communityIds: z.array(z.uuid()).max(100).optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: displayNameSchema,
    role: platformRoleSchema,
    status: z.enum(['active', 'suspended']),
    password: passwordSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const listUsersQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  role: platformRoleSchema.optional(),
  status: userStatusSchema.optional(),
  communityId: z.uuid().optional(),
  /** People with this community role (in `communityId` when given, else in any community). */
  communityRole: communityRoleSchema.optional(),
  sort: userSortSchema.default('newest'),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const importRowResultSchema = z.object({
  line: z.number().int(),
  email: z.string(),
  /** created: a new person; updated: an existing person added to a community or made its manager;
   * exists: nothing to change; invalid: refused, with the reason. */
  status: z.enum(['created', 'updated', 'exists', 'invalid']),
  /** An English sentence, kept for API clients; `code` and `details` are what the web words (issue 23). */
  reason: z.string().optional(),
  code: z.enum(failureReasonCodes).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const importReportSchema = z.object({
  /** True when nothing was written: the report says what an import would do. */
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  existing: z.number().int(),
  invalid: z.number().int(),
  rows: z.array(importRowResultSchema),
});
export const importQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
/** The columns the import understands, with one example row; served as the downloadable template. */
export const IMPORT_TEMPLATE_CSV = 'email,display name,role,communities,communityRole,password\r\ngrace@example.com,Grace Hopper,member,Acme Corporation;Globex,manager,\r\n';
export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportRowResult = z.infer<typeof importRowResultSchema>;

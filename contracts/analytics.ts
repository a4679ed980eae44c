import { z } from 'zod';
import { contentKindSchema } from './content.js';

/** Every analytics panel takes the same filters: a date range (default: the last 30 days) and a community. */
export const analyticsQuerySchema = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    communityId: z.uuid().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" must not be after "to".', path: ['from'] });
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

export const summarySchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  members: z.number(),
  activeMembers: z.object({ day1: z.number(), day7: z.number(), day30: z.number() }),
  conversations: z.number(),
  messages: z.number(),
  views: z.number(),
  completions: z.number(),
  promptCopies: z.number(),
});
export type AnalyticsSummary = z.infer<typeof summarySchema>;

export const activitySchema = z.object({
  days: z.array(z.object({ day: z.string(), conversations: z.number(), messages: z.number(), activeMembers: z.number() })),
});
export type Activity = z.infer<typeof activitySchema>;

export const topAgentsSchema = z.object({
  items: z.array(z.object({ agentId: z.uuid(), title: z.string(), conversations: z.number(), members: z.number() })),
});
export type TopAgents = z.infer<typeof topAgentsSchema>;

export const engagementSchema = z.object({
  items: z.array(z.object({ kind: contentKindSchema, views: z.number(), completions: z.number(), promptCopies: z.number() })),
});
export type Engagement = z.infer<typeof engagementSchema>;

export const communityStatsSchema = z.object({
  items: z.array(
    z.object({ communityId: z.uuid(), name: z.string(), members: z.number(), activeMembers: z.number(), conversations: z.number(), completions: z.number() }),
  ),
});
export type CommunityStats = z.infer<typeof communityStatsSchema>;

const completedByKindSchema = z.record(contentKindSchema, z.number());

export const memberStatsSchema = z.object({
  items: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      email: z.string(),
      completedByKind: completedByKindSchema,
      completions: z.number(),
      conversations: z.number(),
      lastActiveAt: z.string().nullable(),
    }),
  ),
});
export type MemberStats = z.infer<typeof memberStatsSchema>;

export const memberReportSchema = z.object({
  user: z.object({ id: z.uuid(), displayName: z.string(), email: z.string(), status: z.string() }),
  communities: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })),
  completedByKind: completedByKindSchema,
  viewedByKind: completedByKindSchema,
  conversations: z.number(),
  messages: z.number(),
  lastActiveAt: z.string().nullable(),
  activity: z.array(z.object({ day: z.string(), conversations: z.number(), messages: z.number() })),
  recentCompletions: z.array(z.object({ contentId: z.uuid(), title: z.string(), kind: contentKindSchema, completedAt: z.string() })),
});
export type MemberReport = z.infer<typeof memberReportSchema>;

export const memberHomeSchema = z.object({
  recentConversations: z.array(z.object({ id: z.uuid(), title: z.string(), agentTitle: z.string().nullable(), updatedAt: z.string() })),
  inProgress: z.array(z.object({ id: z.uuid(), title: z.string(), kind: contentKindSchema, viewedAt: z.string() })),
  newlyAssigned: z.array(z.object({ id: z.uuid(), title: z.string(), kind: contentKindSchema, assignedAt: z.string() })),
  progressByKind: z.array(z.object({ kind: contentKindSchema, assigned: z.number(), completed: z.number() })),
});
export type MemberHome = z.infer<typeof memberHomeSchema>;

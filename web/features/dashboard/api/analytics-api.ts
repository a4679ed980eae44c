import {
  activitySchema,
  communityStatsSchema,
  engagementSchema,
  memberHomeSchema,
  memberReportSchema,
  memberStatsSchema,
  summarySchema,
  topAgentsSchema,
} from '../../../../contracts/analytics.js';
import { memberSkillsSchema } from '../../../../contracts/exercises.js';
import { apiRequest } from '../../../lib/http/request.js';

/** The filters every panel takes. `communityId` null: every community the viewer may see. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  communityId: string | null;
}

const query = (f: AnalyticsFilter) => ({ from: f.from, to: f.to, communityId: f.communityId });

export const fetchSummary = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/summary', summarySchema, { query: query(f), signal });

export const fetchActivity = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/activity', activitySchema, { query: query(f), signal });

export const fetchTopAgents = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/top-agents', topAgentsSchema, { query: query(f), signal });

export const fetchEngagement = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/content-engagement', engagementSchema, { query: query(f), signal });

export const fetchCommunityStats = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/communities', communityStatsSchema, { query: query(f), signal });

export const fetchMemberStats = (f: AnalyticsFilter, signal: AbortSignal) =>
  apiRequest('/api/analytics/members', memberStatsSchema, { query: query(f), signal });

export const fetchMemberReport = (userId: string, signal: AbortSignal) =>
  apiRequest(`/api/analytics/members/${encodeURIComponent(userId)}`, memberReportSchema, { signal });

export const fetchMemberHome = (signal: AbortSignal) => apiRequest('/api/analytics/me', memberHomeSchema, { signal });

/** Skills are all time: only the community narrows them. */
export const fetchMemberSkills = (communityId: string | null, signal: AbortSignal) =>
  apiRequest('/api/analytics/skills/members', memberSkillsSchema, { query: { communityId: communityId ?? undefined }, signal });

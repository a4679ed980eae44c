import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type AnalyticsFilter,
  fetchActivity,
  fetchCommunityStats,
  fetchEngagement,
  fetchMemberHome,
  fetchMemberReport,
  fetchMemberSkills,
  fetchMemberStats,
  fetchSummary,
  fetchTopAgents,
} from '../api/analytics-api.js';
import { queryKeys } from '../../../lib/query-keys.js';


/**
 * Analytics change slowly: one refetch a minute at most. The last answer stays on screen while a
 * new range loads. No automatic retries (as everywhere): each panel offers Retry.
 */
const panelDefaults = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useSummary(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('summary', f), queryFn: ({ signal }) => fetchSummary(f, signal), enabled, ...panelDefaults });
}

export function useActivity(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('activity', f), queryFn: ({ signal }) => fetchActivity(f, signal), enabled, ...panelDefaults });
}

export function useTopAgents(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('top-agents', f), queryFn: ({ signal }) => fetchTopAgents(f, signal), enabled, ...panelDefaults });
}

export function useEngagement(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('engagement', f), queryFn: ({ signal }) => fetchEngagement(f, signal), enabled, ...panelDefaults });
}

export function useCommunityStats(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('communities', f), queryFn: ({ signal }) => fetchCommunityStats(f, signal), enabled, ...panelDefaults });
}

export function useMemberStats(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: queryKeys.analytics.panel('members', f), queryFn: ({ signal }) => fetchMemberStats(f, signal), enabled, ...panelDefaults });
}

export function useMemberReport(userId: string) {
  return useQuery({
    queryKey: queryKeys.analytics.memberReport(userId),
    queryFn: ({ signal }) => fetchMemberReport(userId, signal),
    staleTime: 60_000,
  });
}

export function useMemberHome() {
  return useQuery({ queryKey: queryKeys.analytics.memberHome, queryFn: ({ signal }) => fetchMemberHome(signal), staleTime: 30_000 });
}

export function useMemberSkills(communityId: string | null) {
  return useQuery({ queryKey: queryKeys.analytics.memberSkills(communityId), queryFn: ({ signal }) => fetchMemberSkills(communityId, signal), ...panelDefaults });
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type AnalyticsFilter,
  fetchActivity,
  fetchCommunityStats,
  fetchEngagement,
  fetchMemberHome,
  fetchMemberReport,
  fetchMemberStats,
  fetchSummary,
  fetchTopAgents,
} from '../api/analytics-api.js';

export const analyticsKeys = {
  all: ['analytics'] as const,
  panel: (panel: string, f: AnalyticsFilter) => ['analytics', panel, f.from, f.to, f.communityId] as const,
  memberReport: (userId: string) => ['analytics', 'member-report', userId] as const,
  memberHome: ['analytics', 'me'] as const,
};

/**
 * Analytics change slowly: one refetch a minute at most. The last answer stays on screen while a
 * new range loads. No automatic retries (as everywhere): each panel offers Retry.
 */
const panelDefaults = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useSummary(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('summary', f), queryFn: ({ signal }) => fetchSummary(f, signal), enabled, ...panelDefaults });
}

export function useActivity(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('activity', f), queryFn: ({ signal }) => fetchActivity(f, signal), enabled, ...panelDefaults });
}

export function useTopAgents(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('top-agents', f), queryFn: ({ signal }) => fetchTopAgents(f, signal), enabled, ...panelDefaults });
}

export function useEngagement(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('engagement', f), queryFn: ({ signal }) => fetchEngagement(f, signal), enabled, ...panelDefaults });
}

export function useCommunityStats(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('communities', f), queryFn: ({ signal }) => fetchCommunityStats(f, signal), enabled, ...panelDefaults });
}

export function useMemberStats(f: AnalyticsFilter, enabled = true) {
  return useQuery({ queryKey: analyticsKeys.panel('members', f), queryFn: ({ signal }) => fetchMemberStats(f, signal), enabled, ...panelDefaults });
}

export function useMemberReport(userId: string) {
  return useQuery({
    queryKey: analyticsKeys.memberReport(userId),
    queryFn: ({ signal }) => fetchMemberReport(userId, signal),
    staleTime: 60_000,
  });
}

export function useMemberHome() {
  return useQuery({ queryKey: analyticsKeys.memberHome, queryFn: ({ signal }) => fetchMemberHome(signal), staleTime: 30_000 });
}

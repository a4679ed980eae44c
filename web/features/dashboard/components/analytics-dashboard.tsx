import { useTranslation } from 'react-i18next';
import { Alert, Box, Grid, Stack } from '@mantine/core';
import { IconCalendarExclamation } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { MeResponse } from '../../../../contracts/auth.js';
import type { AnalyticsFilter } from '../api/analytics-api.js';
import { useCommunityStats } from '../hooks/use-analytics.js';
import { useDashboardFilters } from '../hooks/use-dashboard-filters.js';
import { ActivityPanel, EngagementPanel, SummaryCards, TopAgentsPanel } from './analytics-panels.js';
import { CommunitiesPanel } from './communities-panel.js';
import { type CommunityOption, FiltersBar } from './filters-bar.js';
import { MembersPanel } from './members-panel.js';
import { CommunityBudgetBanner } from './community-budget-banner.js';
import { CostsPanel } from './costs-panel.js';
import { SkillsPanel } from './skills-panel.js';

/**
 * The analytics half of the dashboard (admins and managers); its own chunk, so members and the
 * sign-in page never download the charts. Every panel is its own query.
 */
export function AnalyticsDashboard({ me }: { me: MeResponse }) {
  return me.user.role === 'admin' ? <AdminAnalytics skills={me.flags.exercises === true} /> : <ManagerAnalytics me={me} />;
}

/** The reason is shown under the date inputs; this only explains why the panels are gone. */
function RangeError() {
  const { t } = useTranslation('dashboard');
  return (
    <Alert color="orange" variant="light" icon={<IconCalendarExclamation size={18} />} title={t('range.invalidTitle')}>
      {t('range.invalidBody')}
    </Alert>
  );
}

/** Scrolls to the members table after a drill-down, once it is on screen. */
function useScrollOnDrillDown(communityId: string | null) {
  const target = useRef<HTMLDivElement>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current || !communityId) return;
    pending.current = false;
    target.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [communityId]);
  return { target, arm: () => (pending.current = true) };
}

/** `skills`: the workouts feature is on, so the selected community's skills are worth a panel. */
function AdminAnalytics({ skills }: { skills: boolean }) {
  const { t } = useTranslation('dashboard');
  const [filters, setFilters] = useDashboardFilters();
  const valid = filters.error === null;
  const filter: AnalyticsFilter = { from: filters.from, to: filters.to, communityId: filters.communityId };
  // Always across every community: the table compares them, and it feeds the community select.
  const communities = useCommunityStats({ ...filter, communityId: null }, valid);
  const options: CommunityOption[] = (communities.data?.items ?? []).map((c) => ({ value: c.communityId, label: c.name }));
  const scopeName = options.find((o) => o.value === filters.communityId)?.label ?? null;
  const scroll = useScrollOnDrillDown(filters.communityId);

  return (
    <Stack gap="lg" data-testid="admin-analytics">
      <FiltersBar filters={filters} onChange={setFilters} communities={options} allLabel={t('filters.allCommunities')} />
      {!valid ? (
        <RangeError />
      ) : (
        <>
          <SummaryCards filter={filter} />
          <ActivityPanel filter={filter} />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <EngagementPanel filter={filter} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <TopAgentsPanel filter={filter} scopeName={scopeName} />
            </Grid.Col>
          </Grid>
          <CommunitiesPanel
            query={communities}
            filter={filter}
            selectedId={filters.communityId}
            onSelect={(id) => {
              scroll.arm();
              setFilters({ communityId: id });
            }}
          />
          <CostsPanel filter={{ from: filter.from, to: filter.to, communityId: filter.communityId ?? undefined }} />
          {filters.communityId ? (
            <Box ref={scroll.target} style={{ scrollMarginTop: 72 }}>
              <Stack gap="lg">
                <MembersPanel key={filters.communityId} filter={filter} scopeName={scopeName} />
                {skills ? <SkillsPanel communityId={filters.communityId} scopeName={scopeName} /> : null}
              </Stack>
            </Box>
          ) : null}
        </>
      )}
    </Stack>
  );
}

function ManagerAnalytics({ me }: { me: MeResponse }) {
  const { t } = useTranslation('dashboard');
  const [filters, setFilters] = useDashboardFilters();
  const managed = me.communities.filter((c) => c.role === 'manager');
  const options: CommunityOption[] | null = managed.length > 1 ? managed.map((c) => ({ value: c.id, label: c.name })) : null;
  const valid = filters.error === null;
  // A community id the manager does not manage is dropped here; the server would answer 404 anyway.
  const communityId = managed.some((c) => c.id === filters.communityId) ? filters.communityId : null;
  const filter: AnalyticsFilter = { from: filters.from, to: filters.to, communityId };
  const scopeName = managed.length === 1 ? (managed[0]?.name ?? null) : (managed.find((c) => c.id === communityId)?.name ?? null);

  return (
    <Stack gap="lg" data-testid="manager-analytics">
      {managed.map((c) => (
        <CommunityBudgetBanner key={c.id} communityId={c.id} name={c.name} />
      ))}
      <FiltersBar filters={filters} onChange={setFilters} communities={options} allLabel={t('filters.allMyCommunities')} />
      {!valid ? (
        <RangeError />
      ) : (
        <>
          <SummaryCards filter={filter} />
          <ActivityPanel filter={filter} />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <EngagementPanel filter={filter} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <TopAgentsPanel filter={filter} scopeName={scopeName} />
            </Grid.Col>
          </Grid>
          <MembersPanel filter={filter} scopeName={scopeName} />
          {me.flags.exercises === true ? <SkillsPanel communityId={communityId} scopeName={scopeName} /> : null}
          <CostsPanel filter={{ from: filter.from, to: filter.to, communityId: filter.communityId ?? undefined }} />
        </>
      )}
    </Stack>
  );
}

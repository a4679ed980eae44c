import { Divider, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../../../../contracts/auth.js';
import { MemberHome } from './member-home.js';

// The charts are a chunk of their own: members (and the sign-in page) never download them.
const AnalyticsDashboard = lazy(() => import('./analytics-dashboard.js').then((m) => ({ default: m.AnalyticsDashboard })));

function greetingKey(date: Date) {
  const hour = date.getHours();
  if (hour < 12) return 'greeting.morning' as const;
  if (hour < 18) return 'greeting.afternoon' as const;
  return 'greeting.evening' as const;
}

function AnalyticsFallback() {
  const { t } = useTranslation('dashboard');
  return (
    <Stack gap="lg" role="status" aria-label={t('loading')}>
      <Skeleton height={62} radius="lg" />
      <SimpleGrid cols={{ base: 2, sm: 3, xl: 6 }} spacing="md">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} height={96} radius="lg" />
        ))}
      </SimpleGrid>
      <Skeleton height={340} radius="lg" />
    </Stack>
  );
}

/**
 * /dashboard, per role: admins see every community, managers their own, everyone their home.
 * `programs` and `skills` are the member's programs and skills cards, composed by the route (features
 * do not import each other).
 */
export function DashboardView({
  me,
  now = new Date(),
  programs = null,
  skills = null,
}: {
  me: MeResponse;
  now?: Date;
  programs?: ReactNode;
  skills?: ReactNode;
}) {
  const { t } = useTranslation('dashboard');
  const firstName = (me.user.displayName.trim().split(/\s+/)[0] ?? '') || me.user.email;
  const isAdmin = me.user.role === 'admin';
  const managed = me.communities.filter((c) => c.role === 'manager');
  const isManager = !isAdmin && managed.length > 0;
  const subtitle = isAdmin
    ? t('subtitle.admin')
    : isManager
      ? managed.length === 1 && managed[0]
        ? t('subtitle.managerOne', { community: managed[0].name })
        : t('subtitle.managerMany')
      : t('subtitle.member');
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} fz={{ base: 26, sm: 30 }} style={{ letterSpacing: '-0.01em' }} data-testid="dashboard-title">
          {t(greetingKey(now), { name: firstName })}
        </Title>
        <Text c="dimmed">{subtitle}</Text>
      </Stack>
      {isAdmin || isManager ? (
        <Suspense fallback={<AnalyticsFallback />}>
          <AnalyticsDashboard me={me} />
        </Suspense>
      ) : null}
      {isManager ? <Divider label={t('yourLearning')} labelPosition="left" /> : null}
      {isAdmin ? null : <MemberHome me={me} programs={programs} skills={skills} />}
    </Stack>
  );
}

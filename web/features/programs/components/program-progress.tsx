import { Anchor, Badge, Box, Button, Card, Group, Progress, ScrollArea, Select, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notify } from '../../../lib/notify.js';
import { IconArrowLeft, IconCheck, IconDownload, IconLock, IconUsers } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDate, formatNumber } from '../../../lib/format.js';
import { downloadProgressCsv, type MemberProgressRow, type ProgramStep, type StepState } from '../api/programs-api.js';
import { useProgram, useProgramProgress } from '../hooks/use-programs.js';
import { ToneBadge } from './program-bits.js';
import { CertificateActions } from './revoke-certificate.js';

function StateCell({ state, label }: { state: StepState | undefined; label: string }) {
  const { t } = useTranslation('programs');
  const text = state ? t(`state.${state}`) : t('state.none');
  if (state === 'done') {
    return (
      <Tooltip label={`${label}: ${text}`}>
        <Badge color="teal" variant="filled" size="sm" circle role="img" aria-label={`${label}: ${text}`} data-state="done">
          <IconCheck size={12} aria-hidden />
        </Badge>
      </Tooltip>
    );
  }
  if (state === 'locked') {
    return (
      <Badge color="gray" variant="light" size="sm" circle role="img" aria-label={`${label}: ${text}`} data-state="locked">
        <IconLock size={11} aria-hidden />
      </Badge>
    );
  }
  return <Badge color="gray" variant="outline" size="sm" circle role="img" aria-label={`${label}: ${text}`} data-state={state ?? 'none'} />;
}

function MemberStatus({ row }: { row: MemberProgressRow }) {
  const { t } = useTranslation('programs');
  if (row.completedAt) {
    return (
      <ToneBadge color="teal">{t('manager.completed', { date: formatDate(row.completedAt) })}</ToneBadge>
    );
  }
  if (row.overdue) {
    return (
      <ToneBadge color="red" data-testid="overdue">
        {t('manager.overdue', { date: formatDate(row.dueAt) })}
      </ToneBadge>
    );
  }
  return row.dueAt ? (
    <Text size="xs" c="dimmed">
      {t('member.dueOn', { date: formatDate(row.dueAt) })}
    </Text>
  ) : null;
}

const stepLabel = (step: ProgramStep, index: number) => `${index + 1}. ${step.title ?? ''}`.trim();

const ALL = 'all';

/**
 * /programs/:id/progress: managers (a community they manage) and admins (every community, or one);
 * members × steps (overdue first, as the server orders them), a funnel, CSV.
 */
export function ProgramProgressView({ id, communities, allowAll }: { id: string; communities: { id: string; name: string }[]; allowAll: boolean }) {
  const { t } = useTranslation('programs');
  const program = useProgram(id);
  const assigned = program.data ? communities.filter((c) => program.data.communityIds.includes(c.id)) : communities;
  const [picked, setPicked] = useState<string | null>(null);
  const communityId = picked ?? (allowAll ? null : (assigned[0]?.id ?? null));
  const report = useProgramProgress(id, communityId);
  const steps = report.data?.steps ?? program.data?.steps ?? [];
  const rows = report.data?.members ?? [];
  const reached = (report.data?.funnel ?? []).flatMap((f) => {
    const step = steps.find((s) => s.contentId === f.contentId);
    return step ? [{ step, done: f.done }] : [];
  });
  const choices = [...(allowAll ? [{ value: ALL, label: t('manager.allCommunities') }] : []), ...assigned.map((c) => ({ value: c.id, label: c.name }))];
  const exportCsv = useMutation({
    mutationFn: () => downloadProgressCsv(id, communityId),
    onError: (error) => notify({ color: 'red', title: t('manager.exportFailed'), message: error.message }),
  });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/programs" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} aria-hidden /> {t('member.title')}
          </Anchor>
          <Title order={1} fz={{ base: 24, sm: 28 }} fw={700}>
            {t('manager.title', { title: report.data?.program.title ?? program.data?.title ?? '' })}
          </Title>
          <Text c="dimmed" size="sm">
            {t('manager.description')}
          </Text>
        </Stack>
        <Group gap="sm" wrap="wrap">
          {choices.length > 1 ? (
            <Select
              aria-label={t('manager.community')}
              data={choices}
              value={communityId ?? ALL}
              onChange={(value) => setPicked(value === ALL ? null : value)}
              allowDeselect={false}
              searchable
              w={240}
            />
          ) : null}
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => exportCsv.mutate()} loading={exportCsv.isPending} data-testid="export-csv">
            {t('manager.exportCsv')}
          </Button>
        </Group>
      </Group>

      <QueryGate pending={report.isPending} error={report.error} onRetry={() => void report.refetch()}>
        {rows.length === 0 ? (
          <Card padding="lg">
            <EmptyState icon={<IconUsers size={24} />} title={t('manager.noMembers')}>
              {t('manager.noMembersBody')}
            </EmptyState>
          </Card>
        ) : (
          <>
            <Card padding="lg" data-testid="funnel">
              <Title order={2} fz="md" fw={650} mb={4}>
                {t('manager.funnel')}
              </Title>
              <Text size="xs" c="dimmed" mb="md">
                {t('manager.funnelHelp', { count: rows.length })}
              </Text>
              <Stack gap="sm">
                {reached.map(({ step, done }, index) => (
                  <div key={step.contentId} data-testid="funnel-step">
                    <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
                      <Text size="sm" lineClamp={1}>
                        {stepLabel(step, index)}
                      </Text>
                      <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                        {t('manager.reached', { done: formatNumber(done), total: formatNumber(rows.length) })}
                      </Text>
                    </Group>
                    <Progress value={rows.length ? (done / rows.length) * 100 : 0} color="violet" aria-label={stepLabel(step, index)} />
                  </div>
                ))}
              </Stack>
            </Card>

            <Card padding={0} data-testid="progress-grid">
              <Box visibleFrom="sm">
                <ScrollArea type="auto">
                  <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={t('manager.grid')} striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('manager.member')}</Table.Th>
                        <Table.Th>{t('manager.progress')}</Table.Th>
                        {steps.map((step, index) => (
                          <Table.Th key={step.contentId} ta="center" title={stepLabel(step, index)}>
                            {index + 1}
                          </Table.Th>
                        ))}
                        <Table.Th>{t('manager.status')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((row) => (
                        <Table.Tr key={row.userId} data-testid="member-progress-row" data-overdue={String(row.overdue)}>
                          <Table.Td>
                            <Anchor component={Link} to={`/reports/members/${row.userId}`} size="sm" fw={600}>
                              {row.displayName || row.email}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{t('member.percent', { percent: Math.round(row.percent) })}</Text>
                          </Table.Td>
                          {steps.map((step, index) => (
                            <Table.Td key={step.contentId} ta="center">
                              <StateCell state={row.steps.find((s) => s.contentId === step.contentId)?.state} label={stepLabel(step, index)} />
                            </Table.Td>
                          ))}
                          <Table.Td>
                            <Stack gap={4}>
                              <MemberStatus row={row} />
                              <CertificateActions row={row} />
                            </Stack>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
              </Box>
              <SimpleGrid cols={1} spacing={0} hiddenFrom="sm" data-testid="progress-cards">
                {rows.map((row) => (
                  <Stack key={row.userId} gap={6} p="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="member-progress-card">
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/reports/members/${row.userId}`} size="sm" fw={600} lineClamp={1}>
                        {row.displayName || row.email}
                      </Anchor>
                      <Text size="sm" fw={700}>
                        {t('member.percent', { percent: Math.round(row.percent) })}
                      </Text>
                    </Group>
                    <MemberStatus row={row} />
                    <CertificateActions row={row} />
                    <Group gap={6} wrap="wrap">
                      {steps.map((step, index) => (
                        <Group key={step.contentId} gap={4} wrap="nowrap">
                          <Text size="xs" c="dimmed">
                            {index + 1}
                          </Text>
                          <StateCell state={row.steps.find((s) => s.contentId === step.contentId)?.state} label={stepLabel(step, index)} />
                        </Group>
                      ))}
                    </Group>
                  </Stack>
                ))}
              </SimpleGrid>
            </Card>
          </>
        )}
      </QueryGate>
    </Stack>
  );
}

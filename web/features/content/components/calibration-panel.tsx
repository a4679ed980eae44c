import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Calibration } from '../../../../contracts/exercises.js';
import { formatPercent } from '../../../lib/format.js';
import { useReason } from '../../../lib/failure-reason.js';
import { calibrationEnvelopeSchema } from '../../../../contracts/exercises.js';
import { apiRequest } from '../../../lib/http/request.js';

const calibrationUrl = (exerciseId: string) => `/api/exercises/${encodeURIComponent(exerciseId)}/calibration`;
const getCalibration = (exerciseId: string, signal?: AbortSignal) => apiRequest(calibrationUrl(exerciseId), calibrationEnvelopeSchema, signal ? { signal } : {});
const startCalibration = (exerciseId: string) => apiRequest(calibrationUrl(exerciseId), calibrationEnvelopeSchema, { method: 'POST' });

const calibrationKey = (exerciseId: string) => ['exercises', exerciseId, 'calibration'] as const;
/** How often a running calibration is asked about. */
const POLL_MS = 1500;

const kappa = (x: number) => x.toFixed(2);

/** A criterion's title for the trainer; its id only when the rubric no longer has it. */
type CriterionTitles = ReadonlyMap<string, string>;

/** The exercise's latest calibration, a button to run one, and (while running) its progress. */
export function CalibrationPanel({ exerciseId, criterionTitles }: { exerciseId: string; criterionTitles: CriterionTitles }) {
  const { t } = useTranslation('content');
  const client = useQueryClient();
  const query = useQuery({
    queryKey: calibrationKey(exerciseId),
    queryFn: ({ signal }) => getCalibration(exerciseId, signal),
    refetchInterval: (q) => (q.state.data?.calibration?.status === 'running' ? POLL_MS : false),
  });
  const run = useMutation({
    mutationFn: () => startCalibration(exerciseId),
    onSuccess: (data) => client.setQueryData(calibrationKey(exerciseId), data),
  });
  const calibration = query.data?.calibration ?? null;

  return (
    <Card withBorder padding="md" data-testid="calibration">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} fz="sm" fw={650}>
              {t('exercise.calibration.title')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('exercise.calibration.hint')}
            </Text>
          </div>
          <Button size="xs" onClick={() => run.mutate()} loading={run.isPending || calibration?.status === 'running'}>
            {t('exercise.calibration.run')}
          </Button>
        </Group>
        {run.error ? (
          <Alert color="red" role="alert">
            {run.error.message}
          </Alert>
        ) : null}
        {calibration ? <CalibrationResult calibration={calibration} titles={criterionTitles} /> : <Text size="sm">{t('exercise.calibration.none')}</Text>}
      </Stack>
    </Card>
  );
}

export function CalibrationBadge({ calibration }: { calibration: Pick<Calibration, 'status' | 'current'> | null }) {
  const { t } = useTranslation('content');
  if (!calibration) return <Badge color="gray" variant="light">{t('exercise.calibration.state.none')}</Badge>;
  if (calibration.status === 'running') return <Badge color="blue" variant="light">{t('exercise.calibration.state.running')}</Badge>;
  if (!calibration.current) return <Badge color="orange" variant="light">{t('exercise.calibration.state.stale')}</Badge>;
  return calibration.status === 'passed' ? (
    <Badge color="green" variant="light">{t('exercise.calibration.state.passed')}</Badge>
  ) : (
    <Badge color="red" variant="light">{t('exercise.calibration.state.failed')}</Badge>
  );
}

function CalibrationResult({ calibration, titles }: { calibration: Calibration; titles: CriterionTitles }) {
  const title = (criterionId: string) => titles.get(criterionId) || criterionId;
  const { t } = useTranslation('content');
  const reason = useReason();
  const m = calibration.measures;
  const done = calibration.status !== 'running';
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <CalibrationBadge calibration={calibration} />
        <Text size="xs" c="dimmed">
          {t('exercise.calibration.evaluator', { model: calibration.evaluator.model })}
        </Text>
      </Group>
      {calibration.error ? <Alert color="red">{reason(calibration.error)}</Alert> : null}
      {done && !calibration.error ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            <Measure label={t('exercise.calibration.totalQwk')} value={kappa(m.totalQwk)} />
            <Measure label={t('exercise.calibration.passAgreement')} value={formatPercent(m.passAgreement)} />
            <Measure label={t('exercise.calibration.falsePasses')} value={String(m.falsePasses)} />
            <Measure label={t('exercise.calibration.adversarialPasses')} value={String(m.adversarialPasses)} />
            <Measure label={t('exercise.calibration.consistency')} value={formatPercent(m.consistency)} />
          </SimpleGrid>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exercise.calibration.criterion')}</Table.Th>
                <Table.Th>{t('exercise.calibration.qwk')}</Table.Th>
                <Table.Th>{t('exercise.calibration.meanDifference')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.criteria.map((c) => (
                <Table.Tr key={c.criterionId}>
                  <Table.Td>{title(c.criterionId)}</Table.Td>
                  <Table.Td>{kappa(c.qwk)}</Table.Td>
                  <Table.Td>{c.meanDifference > 0 ? `+${c.meanDifference}` : String(c.meanDifference)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {calibration.failures.length > 0 ? (
            <Alert color="orange" title={t('exercise.calibration.failuresTitle')}>
              <Stack gap={2}>
                {calibration.failures.map((f) => (
                  <Text key={f.measure} size="sm">
                    {t('exercise.calibration.failure', { measure: f.measure, value: f.value ?? '—', required: f.required })}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
          {calibration.disagreements.length > 0 ? (
            <Stack gap="xs">
              <Title order={4} fz="sm" fw={650}>
                {t('exercise.calibration.disagreements')}
              </Title>
              {calibration.disagreements.map((d) => (
                <Card key={d.exemplarId} withBorder padding="xs" data-testid="disagreement">
                  <Text size="sm" lineClamp={3}>
                    {d.text}
                  </Text>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
                    <div>
                      <Text size="xs" fw={650}>
                        {d.trainerScore === null ? t('exercise.calibration.gaming') : t('exercise.calibration.trainer', { score: d.trainerScore })}
                      </Text>
                      {d.criteria.map((c) => (
                        <Text key={c.criterionId} size="xs" c="dimmed">
                          {title(c.criterionId)}: {c.trainerScore ?? '—'}
                        </Text>
                      ))}
                    </div>
                    <div>
                      <Text size="xs" fw={650}>
                        {t('exercise.calibration.evaluatorScore', { score: d.evaluatorScore ?? '—' })}
                      </Text>
                      {d.criteria.map((c) => (
                        <Text key={c.criterionId} size="xs" c="dimmed">
                          {title(c.criterionId)}: {c.evaluatorScore ?? '—'} — {c.justification}
                        </Text>
                      ))}
                    </div>
                  </SimpleGrid>
                </Card>
              ))}
            </Stack>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function Measure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650}>{value}</Text>
    </div>
  );
}

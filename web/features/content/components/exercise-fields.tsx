import { ActionIcon, Button, Card, Group, NumberInput, Progress, Select, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { listContent } from '../api/content-api.js';
import type { CriterionDraft, ExerciseDraft } from '../lib/editor-draft.js';
import { ExerciseScoringFields } from './exercise-scoring-fields.js';
import { ModelChoiceFields } from './model-choice-fields.js';

const MAX_CRITERIA = 8;
/** Weight 1–5 in words (`content:exercise.weight.<n>`). */
const weightKeys = ['minor', 'some', 'normal', 'major', 'critical'] as const;

/** Each criterion's share of the overall score: the weighted mean the evaluator computes. */
export function criterionShares(rubric: readonly Pick<CriterionDraft, 'weight'>[]): number[] {
  const total = rubric.reduce((sum, c) => sum + c.weight, 0);
  return rubric.map((c) => (total === 0 ? 0 : Math.round((c.weight / total) * 100)));
}

export function ExerciseFields({
  value,
  onChange,
  errors,
  savedId = null,
}: {
  value: ExerciseDraft;
  onChange: (patch: Partial<ExerciseDraft>) => void;
  errors: Record<string, string>;
  /** The saved exercise's id (null while new): calibration needs it. */
  savedId?: string | null;
}) {
  const { t } = useTranslation('content');
  const agents = useQuery({
    queryKey: queryKeys.content.list({ kind: 'agent', sort: 'title', picker: 'practice-agent' }),
    queryFn: ({ signal }) => listContent({ kind: 'agent', sort: 'title' }, null, signal),
  });
  const setCriterion = (index: number, patch: Partial<CriterionDraft>) => onChange({ rubric: value.rubric.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
  const move = (index: number, by: number) => {
    const next = [...value.rubric];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    onChange({ rubric: next });
  };
  const shares = criterionShares(value.rubric);

  return (
    <Stack gap="md">
      <Textarea
        label={t('exercise.brief')}
        description={t('exercise.briefHint')}
        placeholder={t('exercise.briefPlaceholder')}
        value={value.brief}
        onChange={(e) => onChange({ brief: e.currentTarget.value })}
        error={errors.brief}
        autosize
        minRows={4}
        maxRows={16}
        required
      />
      <Select
        label={t('exercise.practiseWith')}
        description={t('exercise.practiseWithHint')}
        placeholder={t('exercise.noAgent')}
        data={(agents.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
        value={value.practiceAgentId}
        onChange={(practiceAgentId) => onChange({ practiceAgentId })}
        error={errors.practiceAgentId}
        clearable
        searchable
        nothingFoundMessage={agents.isPending ? t('exercise.loadingAgents') : t('exercise.noAgentMatch')}
      />

      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Title order={3} fz="sm" fw={650}>
              {t('exercise.rubric')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('exercise.rubricHint', { max: MAX_CRITERIA })}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={value.rubric.length >= MAX_CRITERIA}
            onClick={() => onChange({ rubric: [...value.rubric, { id: null, title: '', description: '', weight: 3 }] })}
          >
            {t('exercise.addCriterion')}
          </Button>
        </Group>
        {errors.rubric ? (
          <Text size="sm" c="red" role="alert">
            {errors.rubric}
          </Text>
        ) : null}
        {value.rubric.map((criterion, index) => (
          <Card key={index} withBorder padding="sm" data-testid="criterion">
            <Stack gap="xs">
              {/* Wraps: on a phone the name takes the whole row and the weight and buttons go below
                  (in one row the name's input was about 60 px wide; issue 25). */}
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput
                  style={{ flex: '1 1 220px' }}
                  label={t('exercise.criterionN', { n: index + 1 })}
                  placeholder={t('exercise.criterionPlaceholder')}
                  value={criterion.title}
                  onChange={(e) => setCriterion(index, { title: e.currentTarget.value })}
                  required
                />
                <NumberInput
                  w={110}
                  label={t('exercise.weightLabel')}
                  description={t(`exercise.weight.${weightKeys[criterion.weight - 1] ?? 'normal'}`)}
                  min={1}
                  max={5}
                  clampBehavior="strict"
                  allowDecimal={false}
                  value={criterion.weight}
                  onChange={(v) => setCriterion(index, { weight: typeof v === 'number' ? v : 1 })}
                />
                <ActionIcon variant="subtle" aria-label={t('exercise.moveUp', { n: index + 1 })} disabled={index === 0} onClick={() => move(index, -1)}>
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('exercise.moveDown', { n: index + 1 })}
                  disabled={index === value.rubric.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('exercise.remove', { n: index + 1 })}
                  disabled={value.rubric.length === 1}
                  onClick={() => onChange({ rubric: value.rubric.filter((_, i) => i !== index) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Textarea
                label={t('exercise.good')}
                placeholder={t('exercise.goodPlaceholder')}
                value={criterion.description}
                onChange={(e) => setCriterion(index, { description: e.currentTarget.value })}
                autosize
                minRows={2}
                maxRows={6}
                required
              />
            </Stack>
          </Card>
        ))}
      </Stack>

      <Group grow align="flex-start">
        <NumberInput
          label={t('exercise.passMark')}
          description={t('exercise.passMarkHint')}
          min={0}
          max={100}
          clampBehavior="strict"
          allowDecimal={false}
          suffix=" / 100"
          value={value.passMark}
          onChange={(v) => onChange({ passMark: typeof v === 'number' ? v : 0 })}
          error={errors.passMark}
        />
        <Stack gap={6}>
          <Switch
            label={t('exercise.limitAttempts')}
            checked={value.maxAttempts !== null}
            onChange={(e) => onChange({ maxAttempts: e.currentTarget.checked ? 3 : null })}
            mt={4}
          />
          {value.maxAttempts !== null ? (
            <NumberInput
              aria-label={t('exercise.attemptsAllowed')}
              min={1}
              max={100}
              clampBehavior="strict"
              allowDecimal={false}
              suffix={` ${t('exercise.attemptsSuffix')}`}
              value={value.maxAttempts}
              onChange={(v) => onChange({ maxAttempts: typeof v === 'number' ? v : 1 })}
              error={errors.maxAttempts}
            />
          ) : (
            <Text size="xs" c="dimmed">
              {t('exercise.unlimited')}
            </Text>
          )}
        </Stack>
      </Group>
      <Textarea
        label={t('exercise.evaluator')}
        description={t('exercise.evaluatorHint')}
        placeholder={t('exercise.evaluatorPlaceholder')}
        value={value.evaluatorInstructions}
        onChange={(e) => onChange({ evaluatorInstructions: e.currentTarget.value })}
        error={errors.evaluatorInstructions}
        autosize
        minRows={2}
        maxRows={10}
      />
      <ModelChoiceFields
        value={{ connectionId: value.evaluatorConnectionId, model: value.evaluatorModel }}
        onChange={(choice) => onChange({ evaluatorConnectionId: choice.connectionId, evaluatorModel: choice.model })}
        errors={{ connection: errors.evaluatorConnectionId, model: errors.evaluatorModel }}
        connectionLabel={t('exercise.evaluatorConnection')}
        connectionHint={t('exercise.evaluatorConnectionHint')}
      />
      <ExerciseScoringFields value={value} onChange={onChange} savedId={savedId} />

      <Card withBorder padding="sm" bg="var(--mantine-color-default-hover)" data-testid="scoring-preview">
        <Title order={3} fz="sm" fw={650} mb={4}>
          {t('exercise.scoringTitle')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('exercise.scoringBody', { passMark: value.passMark })}
        </Text>
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {value.rubric.map((c, i) => (
              <Table.Tr key={i}>
                <Table.Td>{c.title.trim() || <Text span c="dimmed">{t('exercise.criterionN', { n: i + 1 })}</Text>}</Table.Td>
                <Table.Td w="40%">
                  <Progress value={shares[i] ?? 0} aria-label={t('exercise.countsFor', { title: c.title || t('exercise.criterionN', { n: i + 1 }), share: formatPercent((shares[i] ?? 0) / 100) })} />
                </Table.Td>
                <Table.Td w={60} ta="right">
                  {formatPercent((shares[i] ?? 0) / 100)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          {t((shares[0] ?? 0) >= value.passMark ? 'exercise.examplePasses' : 'exercise.exampleFails', { score: shares[0] ?? 0 })}
        </Text>
      </Card>
    </Stack>
  );
}

import { ActionIcon, Button, Card, Group, NumberInput, Progress, Select, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { queryKeys } from '../../../lib/query-keys.js';
import { listContent } from '../api/content-api.js';
import type { CriterionDraft, ExerciseDraft } from '../lib/editor-draft.js';

const MAX_CRITERIA = 8;
const weightLabels = ['', 'minor', 'some', 'normal', 'major', 'critical'];

/** Each criterion's share of the overall score: the weighted mean the evaluator computes. */
export function criterionShares(rubric: readonly Pick<CriterionDraft, 'weight'>[]): number[] {
  const total = rubric.reduce((sum, c) => sum + c.weight, 0);
  return rubric.map((c) => (total === 0 ? 0 : Math.round((c.weight / total) * 100)));
}

export function ExerciseFields({
  value,
  onChange,
  errors,
}: {
  value: ExerciseDraft;
  onChange: (patch: Partial<ExerciseDraft>) => void;
  errors: Record<string, string>;
}) {
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
        label="Brief"
        description="What the learner sees: the task, the situation, what a finished answer looks like."
        placeholder="A customer has emailed about a late delivery. Write a prompt that gets an assistant to draft a calm, specific reply…"
        value={value.brief}
        onChange={(e) => onChange({ brief: e.currentTarget.value })}
        error={errors.brief}
        autosize
        minRows={4}
        maxRows={16}
        required
      />
      <Select
        label="Practise with"
        description="The agent the learner talks to while practising. Choose none for an answer-only exercise."
        placeholder="No agent: answer only"
        data={(agents.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
        value={value.practiceAgentId}
        onChange={(practiceAgentId) => onChange({ practiceAgentId })}
        error={errors.practiceAgentId}
        clearable
        searchable
        nothingFoundMessage={agents.isPending ? 'Loading agents…' : 'No agent with that name'}
      />

      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Title order={3} fz="sm" fw={650}>
              Rubric
            </Title>
            <Text size="xs" c="dimmed">
              Up to {MAX_CRITERIA} criteria. Each is scored 0–100; the overall score is their weighted average.
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={value.rubric.length >= MAX_CRITERIA}
            onClick={() => onChange({ rubric: [...value.rubric, { id: null, title: '', description: '', weight: 3 }] })}
          >
            Add criterion
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
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={`Criterion ${index + 1}`}
                  placeholder="e.g. Gives the model context"
                  value={criterion.title}
                  onChange={(e) => setCriterion(index, { title: e.currentTarget.value })}
                  required
                />
                <NumberInput
                  w={110}
                  label="Weight"
                  description={weightLabels[criterion.weight] ?? ''}
                  min={1}
                  max={5}
                  clampBehavior="strict"
                  allowDecimal={false}
                  value={criterion.weight}
                  onChange={(v) => setCriterion(index, { weight: typeof v === 'number' ? v : 1 })}
                />
                <ActionIcon variant="subtle" aria-label={`Move criterion ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move criterion ${index + 1} down`}
                  disabled={index === value.rubric.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove criterion ${index + 1}`}
                  disabled={value.rubric.length === 1}
                  onClick={() => onChange({ rubric: value.rubric.filter((_, i) => i !== index) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Textarea
                label="What good looks like"
                placeholder="States who the answer is for and what they need from it."
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
          label="Pass mark"
          description="Overall score (0–100) needed to pass."
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
            label="Limit attempts"
            checked={value.maxAttempts !== null}
            onChange={(e) => onChange({ maxAttempts: e.currentTarget.checked ? 3 : null })}
            mt={4}
          />
          {value.maxAttempts !== null ? (
            <NumberInput
              aria-label="Attempts allowed"
              min={1}
              max={100}
              clampBehavior="strict"
              allowDecimal={false}
              suffix=" attempts"
              value={value.maxAttempts}
              onChange={(v) => onChange({ maxAttempts: typeof v === 'number' ? v : 1 })}
              error={errors.maxAttempts}
            />
          ) : (
            <Text size="xs" c="dimmed">
              Learners may try as often as they like.
            </Text>
          )}
        </Stack>
      </Group>
      <Textarea
        label="Instructions for the evaluator"
        description="How to judge borderline work. Learners never see these."
        placeholder="Be strict about the format criterion: a vague request for 'a summary' does not count."
        value={value.evaluatorInstructions}
        onChange={(e) => onChange({ evaluatorInstructions: e.currentTarget.value })}
        error={errors.evaluatorInstructions}
        autosize
        minRows={2}
        maxRows={10}
      />

      <Card withBorder padding="sm" bg="var(--mantine-color-default-hover)" data-testid="scoring-preview">
        <Title order={3} fz="sm" fw={650} mb={4}>
          How an attempt will be scored
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          The evaluator scores each criterion from 0 to 100 with a reason quoting the learner. The overall score is the weighted average below; {value.passMark} or more
          passes.
        </Text>
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {value.rubric.map((c, i) => (
              <Table.Tr key={i}>
                <Table.Td>{c.title.trim() || <Text span c="dimmed">Criterion {i + 1}</Text>}</Table.Td>
                <Table.Td w="40%">
                  <Progress value={shares[i] ?? 0} aria-label={`${c.title || `Criterion ${i + 1}`} counts for ${shares[i] ?? 0}%`} />
                </Table.Td>
                <Table.Td w={60} ta="right">
                  {shares[i] ?? 0}%
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          Example: a learner scoring 100 on the first criterion and 0 on the rest gets {shares[0] ?? 0} overall
          {(shares[0] ?? 0) >= value.passMark ? ', which passes.' : ', which does not pass.'}
        </Text>
      </Card>
    </Stack>
  );
}

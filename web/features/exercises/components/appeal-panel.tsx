import { Alert, Button, Card, Select, Stack, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconMessageReport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricCriterion } from '../../../../contracts/content.js';
import type { Attempt } from '../../../../contracts/exercises.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { appealAttempt } from '../api/exercises-api.js';

/**
 * The learner contests one criterion of a scored attempt with a sentence (once per attempt); the
 * appeal joins the review queue and the trainers are told (ADR 0036). Once sent, it says so.
 */
export function AppealPanel({ attempt, rubric }: { attempt: Attempt; rubric: RubricCriterion[] }) {
  const { t } = useTranslation('reviews');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [criterionId, setCriterionId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () => appealAttempt(attempt.id, { criterionId: criterionId ?? '', text: text.trim() }),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.exercises.all });
    },
  });
  const titleOf = (id: string) => rubric.find((c) => c.id === id)?.title ?? id;

  if (attempt.appeal) {
    return (
      <Alert color="blue" variant="light" data-testid="appeal-state">
        {attempt.appeal.resolvedAt ? t('appeal.resolved') : t('appeal.pending', { criterion: titleOf(attempt.appeal.criterionId) })}
      </Alert>
    );
  }
  if (attempt.status !== 'evaluated' && attempt.status !== 'reviewed') return null;
  if (!open) {
    return (
      <Button variant="subtle" leftSection={<IconMessageReport size={16} />} onClick={() => setOpen(true)} data-testid="appeal-open" style={{ alignSelf: 'flex-start' }}>
        {t('appeal.button')}
      </Button>
    );
  }
  return (
    <Card withBorder padding="md" data-testid="appeal-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} fz="sm" fw={650}>
            {t('appeal.title')}
          </Title>
          <Select label={t('appeal.criterion')} data={rubric.map((c) => ({ value: c.id, label: c.title }))} value={criterionId} onChange={setCriterionId} required allowDeselect={false} />
          <Textarea label={t('appeal.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} required maxLength={1000} autosize minRows={2} />
          {send.error ? <ErrorAlert error={send.error} /> : null}
          <Button type="submit" loading={send.isPending} disabled={!criterionId || !text.trim()} style={{ alignSelf: 'flex-start' }}>
            {t('appeal.send')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

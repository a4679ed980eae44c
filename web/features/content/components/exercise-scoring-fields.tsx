import { ActionIcon, Button, Card, Group, NumberInput, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CalibrationPanel } from './calibration-panel.js';
import type { ExerciseDraft } from '../lib/editor-draft.js';

const MAX_EXEMPLARS = 50;

/**
 * Graded or practice, the model answer, and the trainer's scored examples (the calibration set,
 * ADR 0035); for a saved exercise, its calibration.
 */
export function ExerciseScoringFields({ value, onChange, savedId }: { value: ExerciseDraft; onChange: (patch: Partial<ExerciseDraft>) => void; savedId: string | null }) {
  const { t } = useTranslation('content');
  const scorable = value.rubric.filter((c): c is typeof c & { id: string } => c.id !== null);
  const setExemplar = (index: number, patch: Partial<ExerciseDraft['exemplars'][number]>) =>
    onChange({ exemplars: value.exemplars.map((e, i) => (i === index ? { ...e, ...patch } : e)) });

  return (
    <Stack gap="md" data-testid="exercise-scoring">
      <Switch
        label={t('exercise.graded')}
        description={t(value.graded ? 'exercise.gradedHint' : 'exercise.practiceHint')}
        checked={value.graded}
        onChange={(e) => onChange({ graded: e.currentTarget.checked })}
      />
      <Textarea
        label={t('exercise.referenceAnswer')}
        description={t('exercise.referenceAnswerHint')}
        value={value.referenceAnswer}
        onChange={(e) => onChange({ referenceAnswer: e.currentTarget.value })}
        autosize
        minRows={2}
        maxRows={10}
      />
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3} fz="sm" fw={650}>
              {t('exercise.exemplars')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('exercise.exemplarsHint', { count: value.exemplars.length })}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={value.exemplars.length >= MAX_EXEMPLARS}
            onClick={() => onChange({ exemplars: [...value.exemplars, { id: null, text: '', scores: {} }] })}
          >
            {t('exercise.addExemplar')}
          </Button>
        </Group>
        {scorable.length < value.rubric.length ? (
          <Text size="xs" c="dimmed">
            {t('exercise.saveToScoreNew')}
          </Text>
        ) : null}
        {value.exemplars.map((exemplar, index) => (
          <Card key={index} withBorder padding="sm" data-testid="exemplar">
            <Stack gap="xs">
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <Textarea
                  style={{ flex: 1 }}
                  label={t('exercise.exemplarN', { n: index + 1 })}
                  value={exemplar.text}
                  onChange={(e) => setExemplar(index, { text: e.currentTarget.value })}
                  autosize
                  minRows={2}
                  maxRows={8}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={t('exercise.removeExemplar', { n: index + 1 })}
                  onClick={() => onChange({ exemplars: value.exemplars.filter((_, i) => i !== index) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Group gap="xs" grow>
                {scorable.map((criterion) => (
                  <NumberInput
                    key={criterion.id}
                    label={criterion.title || criterion.id}
                    min={0}
                    max={100}
                    clampBehavior="strict"
                    allowDecimal={false}
                    suffix=" / 100"
                    value={exemplar.scores[criterion.id] ?? ''}
                    onChange={(v) => {
                      const others = Object.entries(exemplar.scores).filter(([id]) => id !== criterion.id);
                      setExemplar(index, { scores: Object.fromEntries(typeof v === 'number' ? [...others, [criterion.id, v]] : others) });
                    }}
                  />
                ))}
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
      {savedId ? <CalibrationPanel exerciseId={savedId} criterionTitles={new Map(scorable.map((c) => [c.id, c.title]))} /> : value.graded ? <Text size="xs" c="dimmed">{t('exercise.saveToCalibrate')}</Text> : null}
    </Stack>
  );
}

import { Badge, Button, Group, Stack } from '@mantine/core';
import { IconBarbell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExerciseDetails } from '../../../../contracts/content.js';
import { ExerciseBrief } from '../../../components/content/exercise-brief.js';
import { formatNumber } from '../../../lib/format.js';

/** An exercise in the library: the brief and what it is scored on, and the way into practice (when exercises are on). */
export function ExerciseView({ id, details, practise }: { id: string; details: ExerciseDetails; practise: boolean }) {
  const { t } = useTranslation('library');
  return (
    <Stack gap="md">
      <ExerciseBrief details={details} />
      <Group gap="sm">
        <Badge variant="light">{t('views.exercise.passMark', { mark: formatNumber(details.passMark) })}</Badge>
        <Badge variant="light" color="gray">
          {details.maxAttempts === null ? t('views.exercise.unlimitedAttempts') : t('views.exercise.attempts', { count: details.maxAttempts })}
        </Badge>
      </Group>
      {practise ? (
        <Group>
          <Button component={Link} to={`/exercises/${id}`} leftSection={<IconBarbell size={16} />}>
            {t('views.exercise.practise')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

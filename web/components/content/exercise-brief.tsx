import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExerciseDetails } from '../../../contracts/content.js';

/** An exercise's brief and what it is scored on: the same words in the library and in the workout. */
export function ExerciseBrief({ details }: { details: Pick<ExerciseDetails, 'brief' | 'rubric'> }) {
  const { t } = useTranslation('common');
  return (
    <Stack gap="sm">
      <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="brief">
        {details.brief}
      </Text>
      <div>
        <Text fw={600} size="sm" mb="xs">
          {t('exercise.scoredOn')}
        </Text>
        <List size="sm" spacing={4}>
          {details.rubric.map((c) => (
            <List.Item key={c.id}>
              <Text span fw={600} size="sm">
                {c.title}
              </Text>{' '}
              — {c.description}
            </List.Item>
          ))}
        </List>
      </div>
    </Stack>
  );
}

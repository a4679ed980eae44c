import { Badge, Button, Group, Stack } from '@mantine/core';
import { IconBarbell } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ExerciseDetails } from '../../../../contracts/content.js';
import { ExerciseBrief } from '../../../components/content/exercise-brief.js';

/** An exercise in the library: the brief and what it is scored on, and the way into practice (when exercises are on). */
export function ExerciseView({ id, details, practise }: { id: string; details: ExerciseDetails; practise: boolean }) {
  return (
    <Stack gap="md">
      <ExerciseBrief details={details} />
      <Group gap="sm">
        <Badge variant="light">Pass mark {details.passMark}</Badge>
        <Badge variant="light" color="gray">
          {details.maxAttempts === null ? 'Unlimited attempts' : `${details.maxAttempts} attempt${details.maxAttempts === 1 ? '' : 's'}`}
        </Badge>
      </Group>
      {practise ? (
        <Group>
          <Button component={Link} to={`/exercises/${id}`} leftSection={<IconBarbell size={16} />}>
            Practise this exercise
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

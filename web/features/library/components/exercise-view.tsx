import { Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconBarbell } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ExerciseDetails } from '../../../../contracts/content.js';

/** An exercise in the library: the brief and what it is scored on, and the way into practice. */
export function ExerciseView({ id, details }: { id: string; details: ExerciseDetails }) {
  return (
    <Stack gap="md">
      <Text style={{ whiteSpace: 'pre-wrap' }}>{details.brief}</Text>
      <div>
        <Text fw={600} size="sm" mb="xs">
          You will be scored on
        </Text>
        <List spacing={6} size="sm">
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
      <Group gap="sm">
        <Badge variant="light">Pass mark {details.passMark}</Badge>
        <Badge variant="light" color="gray">
          {details.maxAttempts === null ? 'Unlimited attempts' : `${details.maxAttempts} attempt${details.maxAttempts === 1 ? '' : 's'}`}
        </Badge>
      </Group>
      <Group>
        <Button component={Link} to={`/exercises/${id}`} leftSection={<IconBarbell size={16} />}>
          Practise this exercise
        </Button>
      </Group>
    </Stack>
  );
}

import { Text, Title } from '@mantine/core';

/** The heading of one sign-in step (two-factor code, recovery code, set-up, recovery codes kept): a title and what to do. */
export function StepHeading({ title, hint }: { title: string; hint: string }) {
  return (
    <div>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed" mt={4}>
        {hint}
      </Text>
    </div>
  );
}

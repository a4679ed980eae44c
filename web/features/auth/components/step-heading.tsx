import { Text, Title } from '@mantine/core';

/** The title and one line of help that open each step after the password (code, recovery code, set-up). */
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

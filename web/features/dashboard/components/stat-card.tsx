import { Card, Group, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';

export function StatCard({
  label,
  value,
  hint,
  icon,
  color,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  icon: ReactNode;
  color: string;
  testId?: string;
}) {
  return (
    <Card padding="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" fw={600}>
            {label}
          </Text>
          <Text fw={700} fz={26} lh={1.2} data-testid={testId ? `${testId}-value` : undefined}>
            {value}
          </Text>
        </Stack>
        <ThemeIcon variant="light" color={color} size={36} radius="md" style={{ flexShrink: 0 }}>
          {icon}
        </ThemeIcon>
      </Group>
      {hint ? (
        <Text size="xs" c="dimmed" mt={6}>
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

export function StatCardSkeleton() {
  return (
    <Card padding="md">
      <Skeleton height={10} width="55%" radius="sm" />
      <Skeleton height={26} width="40%" radius="sm" mt={10} />
      <Skeleton height={8} width="70%" radius="sm" mt={12} />
    </Card>
  );
}

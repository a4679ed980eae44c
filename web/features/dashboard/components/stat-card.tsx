import { Card, Group, Skeleton, Text, ThemeIcon } from '@mantine/core';
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
      <Group gap={6} wrap="nowrap">
        <ThemeIcon variant="light" color={color} size={28} w={{ base: 24, xs: 28 }} h={{ base: 24, xs: 28 }} miw={{ base: 24, xs: 28 }} radius="md" style={{ flexShrink: 0 }}>
          {icon}
        </ThemeIcon>
        {/* Smaller on phones (icon too), so a long single word ("Conversaciones") fits a
            half-width card; where the browser can, a longer one is hyphenated. */}
        <Text fz={{ base: 'xs', xs: 'sm' }} c="dimmed" fw={600} lineClamp={2} lh={1.25} title={label} style={{ hyphens: 'auto' }}>
          {label}
        </Text>
      </Group>
      {/* A div: a big bold <p> reads to axe as a heading made of styles (p-as-heading); the label above names it. */}
      <Text component="div" fw={700} fz={26} lh={1.2} mt={10} data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed" mt={4}>
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

export function StatCardSkeleton() {
  return (
    <Card padding="md">
      <Group gap={8} wrap="nowrap">
        <Skeleton height={28} width={28} radius="md" />
        <Skeleton height={12} width="50%" radius="sm" />
      </Group>
      <Skeleton height={26} width="40%" radius="sm" mt={12} />
      <Skeleton height={8} width="70%" radius="sm" mt={10} />
    </Card>
  );
}

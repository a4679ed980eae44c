import { Group, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight } from '@tabler/icons-react';
import { formatNumber } from '../../lib/format.js';

/**
 * How a score moved since the one before: an arrow and the difference, coloured. `label` is its
 * text alternative (from the caller's namespace: shared components carry no strings, so the sign-in
 * bundle stays small). Nothing after a single score.
 */
export function ScoreTrend({ latest, previous, label }: { latest: number; previous: number | null; label: string }) {
  if (previous === null) return null;
  const delta = Math.round(latest - previous);
  // The "light" variant's text colours: readable on a card in both schemes (see app/theme.ts).
  const [Icon, color] =
    delta > 0
      ? [IconArrowUpRight, 'var(--mantine-color-teal-light-color)']
      : delta < 0
        ? [IconArrowDownRight, 'var(--mantine-color-red-light-color)']
        : [IconArrowRight, 'dimmed'];
  return (
    <Group gap={2} wrap="nowrap" c={color} role="img" aria-label={label} data-testid="score-trend" data-trend={delta > 0 ? 'up' : delta < 0 ? 'down' : 'same'}>
      <Icon size={14} aria-hidden />
      <Text span size="xs" fw={600} c={color}>
        {delta > 0 ? '+' : delta < 0 ? '−' : '±'}
        {formatNumber(Math.abs(delta))}
      </Text>
    </Group>
  );
}

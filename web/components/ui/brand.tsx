import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconBarbell } from '@tabler/icons-react';

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap" aria-label="AI GYM">
      <ThemeIcon
        size={large ? 40 : 32}
        radius="md"
        variant="gradient"
        gradient={{ from: 'violet.6', to: 'indigo.5', deg: 135 }}
      >
        <IconBarbell size={large ? 24 : 20} stroke={1.8} />
      </ThemeIcon>
      <Text fw={800} fz={large ? 24 : 18} lh={1} style={{ letterSpacing: '-0.02em' }}>
        AI GYM
      </Text>
    </Group>
  );
}

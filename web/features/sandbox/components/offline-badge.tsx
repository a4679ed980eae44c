import { Badge, Tooltip } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';

export const OFFLINE_MODEL_ID = 'offline-demo';

/** Says plainly that answers come from the built-in demo model, not a real AI provider. */
export function OfflineBadge({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  return (
    <Tooltip
      label="No AI provider is configured, so answers are generated locally to show how the sandbox works."
      multiline
      w={260}
      withArrow
    >
      <Badge
        size={size}
        variant="light"
        color="gray"
        leftSection={<IconPlugConnectedX size={12} />}
        data-testid="offline-badge"
      >
        Offline demo model
      </Badge>
    </Tooltip>
  );
}

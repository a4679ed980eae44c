import { Badge } from '@mantine/core';
import type { ContentStatus } from '../../../../contracts/content.js';
import { statusColor, statusLabel } from '../lib/kinds.js';

export function ContentStatusBadge({ status }: { status: ContentStatus }) {
  return (
    <Badge variant="light" color={statusColor[status]} tt="none" radius="sm">
      {statusLabel[status]}
    </Badge>
  );
}

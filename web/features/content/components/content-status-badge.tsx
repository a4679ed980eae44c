import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContentStatus } from '../../../../contracts/content.js';
import { statusColor } from '../lib/kinds.js';

export function ContentStatusBadge({ status }: { status: ContentStatus }) {
  const { t } = useTranslation('content');
  return (
    <Badge variant="light" color={statusColor[status]} tt="none" radius="sm">
      {t(`status.${status}`)}
    </Badge>
  );
}

import { Badge, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarDue, IconCertificate, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.js';
import { downloadCertificatePdf, type ProgramProgress } from '../api/programs-api.js';

/** Completed, overdue (red, with the date it was due), or due on a date; nothing when there is no due date. */
export function DueBadge({ progress }: { progress: ProgramProgress | null | undefined }) {
  const { t } = useTranslation('programs');
  if (!progress) return null;
  if (progress.completedAt) {
    return (
      <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={12} aria-hidden />} data-testid="due-badge" data-state="completed">
        {t('member.completedOn', { date: formatDate(progress.completedAt) })}
      </Badge>
    );
  }
  if (!progress.dueAt) return null;
  if (progress.overdue) {
    return (
      <Badge color="red" variant="filled" leftSection={<IconAlertTriangle size={12} aria-hidden />} data-testid="due-badge" data-state="overdue">
        {t('member.overdue', { date: formatDate(progress.dueAt) })}
      </Badge>
    );
  }
  return (
    <Badge color="blue" variant="light" leftSection={<IconCalendarDue size={12} aria-hidden />} data-testid="due-badge" data-state="due">
      {t('member.dueOn', { date: formatDate(progress.dueAt) })}
    </Badge>
  );
}

/** Downloads the certificate's PDF through the signed-in fetch. */
export function CertificateButton({ certificateId, size = 'sm' }: { certificateId: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('programs');
  const download = useMutation({
    mutationFn: () => downloadCertificatePdf(certificateId),
    onError: (error) => notifications.show({ color: 'red', title: t('member.downloadFailed'), message: error.message }),
  });
  return (
    <Button
      size={size}
      color="teal"
      leftSection={<IconCertificate size={16} aria-hidden />}
      loading={download.isPending}
      onClick={() => download.mutate()}
      data-testid="certificate-download"
    >
      {t('member.downloadCertificate')}
    </Button>
  );
}

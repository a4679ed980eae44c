import { Badge, Button, useComputedColorScheme, type BadgeProps } from '@mantine/core';
import { notify } from '../../../lib/notify.js';
import { IconAlertTriangle, IconCalendarDue, IconCertificate, IconCircleCheck, IconWallet } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.js';
import { downloadCertificatePdf, getCertificateCredential, type ProgramProgress, saveCredential } from '../api/programs-api.js';

/**
 * A light badge whose text stays readable (≥ 4.5:1): Mantine's light variant writes shade 6 on a pale
 * tint, too faint for small text, so the text takes shade 9 on shade 0 (light scheme) or shade 2 (dark scheme).
 */
export function ToneBadge({ color, ...props }: Omit<BadgeProps, 'variant' | 'c'> & { color: string; 'data-testid'?: string; 'data-state'?: string }) {
  const scheme = useComputedColorScheme('light');
  const dark = scheme === 'dark';
  return <Badge {...props} color={color} variant="light" c={`${color}.${dark ? 2 : 9}`} {...(dark ? {} : { bg: `${color}.0` })} />;
}

/** Completed, overdue (red, with the date it was due), or due on a date; nothing when there is no due date. */
export function DueBadge({ progress }: { progress: ProgramProgress | null | undefined }) {
  const { t } = useTranslation('programs');
  if (!progress) return null;
  if (progress.completedAt) {
    return (
      <ToneBadge color="teal" leftSection={<IconCircleCheck size={12} aria-hidden />} data-testid="due-badge" data-state="completed">
        {t('member.completedOn', { date: formatDate(progress.completedAt) })}
      </ToneBadge>
    );
  }
  if (!progress.dueAt) return null;
  if (progress.overdue) {
    return (
      <ToneBadge color="red" leftSection={<IconAlertTriangle size={12} aria-hidden />} data-testid="due-badge" data-state="overdue">
        {t('member.overdue', { date: formatDate(progress.dueAt) })}
      </ToneBadge>
    );
  }
  return (
    <ToneBadge color="blue" leftSection={<IconCalendarDue size={12} aria-hidden />} data-testid="due-badge" data-state="due">
      {t('member.dueOn', { date: formatDate(progress.dueAt) })}
    </ToneBadge>
  );
}

/** Downloads the certificate's PDF through the signed-in fetch. */
export function CertificateButton({ certificateId, size = 'sm' }: { certificateId: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('programs');
  const download = useMutation({
    mutationFn: () => downloadCertificatePdf(certificateId),
    onError: (error) => notify({ color: 'red', title: t('member.downloadFailed'), message: error.message }),
  });
  return (
    <Button
      size={size}
      // teal.9: white on Mantine's default teal.6 is 2.6:1; on teal.9 it is 5:1 (WCAG AA, issue 25).
      color="teal.9"
      leftSection={<IconCertificate size={16} aria-hidden />}
      loading={download.isPending}
      onClick={() => download.mutate()}
      data-testid="certificate-download"
    >
      {t('member.downloadCertificate')}
    </Button>
  );
}

/** Downloads the certificate as an Open Badges 3.0 credential (a signed VC-JWT) for a digital wallet. */
export function CredentialButton({ certificateId, title, size = 'sm' }: { certificateId: string; title: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('programs');
  const download = useMutation({
    mutationFn: async () => {
      const { credential, mediaType } = await getCertificateCredential(certificateId);
      saveCredential(credential, mediaType, `credential-${certificateId.slice(0, 8)}`);
    },
    onError: (error) => notify({ color: 'red', title: t('credential.failed'), message: error.message }),
  });
  return (
    <Button
      size={size}
      variant="default"
      leftSection={<IconWallet size={16} aria-hidden />}
      loading={download.isPending}
      onClick={() => download.mutate()}
      aria-label={t('credential.downloadFor', { title })}
      data-testid="credential-download"
    >
      {t('credential.download')}
    </Button>
  );
}

import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { revokeCertificate, type MemberProgressRow } from '../api/programs-api.js';
import { ToneBadge } from './program-bits.js';

/**
 * Admins (the only ones the report gives a certificate to): the member's certificate state, and a
 * Revoke button asking for the reason. A failed call keeps the reason typed in.
 */
export function CertificateActions({ row }: { row: MemberProgressRow }) {
  const { t } = useTranslation('programs');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const certificate = row.certificate;
  const mutation = useMutation({
    mutationFn: () => revokeCertificate(certificate?.id ?? '', reason),
    onSuccess: async () => {
      setOpen(false);
      notify({ color: 'teal', message: t('revoke.done') });
      await client.invalidateQueries({ queryKey: queryKeys.programs.all });
    },
  });
  if (!certificate) return null;
  if (certificate.revokedAt) return <ToneBadge color="red">{t('revoke.revoked')}</ToneBadge>;
  return (
    <Group gap="xs" wrap="wrap">
      {certificate.suspendedAt ? <ToneBadge color="orange">{t('revoke.suspended')}</ToneBadge> : null}
      <Button size="compact-xs" variant="light" color="red" onClick={() => setOpen(true)} aria-label={t('revoke.buttonFor', { name: row.displayName || row.email })}>
        {t('revoke.button')}
      </Button>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t('revoke.title', { name: row.displayName || row.email })}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate();
          }}
        >
          <Stack gap="sm">
            <Textarea label={t('revoke.reason')} description={t('revoke.reasonHint')} required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            {mutation.error ? <Alert color="red">{mutation.error.message}</Alert> : null}
            <Group justify="flex-end">
              <Button type="submit" color="red" loading={mutation.isPending} disabled={reason.trim() === ''}>
                {t('revoke.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </Group>
  );
}

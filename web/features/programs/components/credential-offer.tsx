import { Button, Group, Stack, Text } from '@mantine/core';
import { IconCopy, IconWallet } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../lib/notify.js';
import { getVerifiedCredential, saveCredential } from '../api/programs-api.js';

/**
 * On the verify page of a certificate in force: the same certificate as an Open Badges 3.0
 * credential (a signed VC-JWT), to download or copy into a digital wallet. Fetched on demand, so
 * a visitor who only checks the certificate signs nothing.
 */
export function CredentialOffer({ code }: { code: string }) {
  const { t } = useTranslation('programs');
  const download = useMutation({
    mutationFn: async () => {
      const { credential, mediaType } = await getVerifiedCredential(code);
      saveCredential(credential, mediaType, 'open-badge-credential');
    },
    onError: (error) => notify({ color: 'red', title: t('credential.failed'), message: error.message }),
  });
  const copy = useMutation({
    mutationFn: async () => {
      const { credential } = await getVerifiedCredential(code);
      await navigator.clipboard.writeText(credential);
    },
    onSuccess: () => notify({ color: 'teal', title: t('credential.copied'), message: t('credential.walletTitle') }),
    onError: (error) => notify({ color: 'red', title: t('credential.copyFailed'), message: error.message }),
  });
  return (
    <Stack gap="xs" data-testid="credential-offer">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.5 }}>
        {t('credential.walletTitle')}
      </Text>
      <Text size="sm">{t('credential.walletBody')}</Text>
      <Group gap="sm" wrap="wrap">
        <Button size="sm" color="teal.9" leftSection={<IconWallet size={16} aria-hidden />} loading={download.isPending} onClick={() => download.mutate()} data-testid="credential-download">
          {t('credential.download')}
        </Button>
        <Button size="sm" variant="default" leftSection={<IconCopy size={16} aria-hidden />} loading={copy.isPending} onClick={() => copy.mutate()} data-testid="credential-copy">
          {t('credential.copy')}
        </Button>
      </Group>
    </Stack>
  );
}

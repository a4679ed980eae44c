import { Button, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCertificate, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import {
  getCertificateBranding,
  removeCertificateLogo,
  saveCertificateBranding,
  uploadCertificateLogo,
  type CertificateBranding,
} from '../api/certificate-branding-api.js';

/** Admins: who awards the certificates: the organisation, its logo and who signs (issue 25). */
export function CertificateBrandingCard() {
  const { t } = useTranslation('programs');
  const branding = useQuery({ queryKey: queryKeys.programs.certificateBranding, queryFn: ({ signal }) => getCertificateBranding(signal) });
  return (
    <Paper withBorder radius="md" p="lg" mt="lg" data-testid="certificate-branding-card">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCertificate size={18} aria-hidden />
          <Title order={2} fz="lg">
            {t('branding.title')}
          </Title>
        </Group>
        <Text size="sm">{t('branding.body')}</Text>
        <QueryGate pending={branding.isPending} error={branding.error} onRetry={() => void branding.refetch()}>
          {branding.data ? <BrandingForm current={branding.data} /> : null}
        </QueryGate>
      </Stack>
    </Paper>
  );
}

function BrandingForm({ current }: { current: CertificateBranding }) {
  const { t } = useTranslation('programs');
  const client = useQueryClient();
  const [organisationName, setOrganisationName] = useState(current.organisationName);
  const [signatoryName, setSignatoryName] = useState(current.signatoryName);
  const [signatoryTitle, setSignatoryTitle] = useState(current.signatoryTitle);
  const stored = (data: CertificateBranding) => client.setQueryData(queryKeys.programs.certificateBranding, data);
  const save = useMutation({
    mutationFn: () => saveCertificateBranding({ organisationName: organisationName.trim(), signatoryName: signatoryName.trim(), signatoryTitle: signatoryTitle.trim() }),
    onSuccess: (data) => {
      stored(data);
      notify({ color: 'teal', message: t('branding.saved'), autoClose: 2500 });
    },
  });
  const upload = useMutation({ mutationFn: uploadCertificateLogo, onSuccess: stored });
  const remove = useMutation({ mutationFn: removeCertificateLogo, onSuccess: stored });
  return (
    <Stack gap="md">
      <TextInput
        label={t('branding.organisation')}
        description={t('branding.organisationHint')}
        placeholder="AI GYM"
        maxLength={200}
        value={organisationName}
        onChange={(e) => setOrganisationName(e.currentTarget.value)}
        data-testid="branding-organisation"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('branding.signatoryName')} maxLength={120} value={signatoryName} onChange={(e) => setSignatoryName(e.currentTarget.value)} data-testid="branding-signatory-name" />
        <TextInput label={t('branding.signatoryTitle')} maxLength={120} value={signatoryTitle} onChange={(e) => setSignatoryTitle(e.currentTarget.value)} data-testid="branding-signatory-title" />
      </SimpleGrid>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="branding-save">
          {t('branding.save')}
        </Button>
      </Group>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('branding.logo')}
        </Text>
        {current.logoUrl ? (
          <Image src={current.logoUrl} alt={t('branding.logoAlt')} h={56} w="auto" maw="100%" fit="contain" style={{ alignSelf: 'flex-start' }} data-testid="branding-logo" />
        ) : (
          <Text size="sm" c="dimmed">
            {t('branding.noLogo')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('branding.logoHint')}
        </Text>
        {upload.error ? <ErrorAlert error={upload.error} /> : null}
        {remove.error ? <ErrorAlert error={remove.error} /> : null}
        <Group gap="sm">
          <FileButton onChange={(file) => file && upload.mutate(file)} accept="image/png,image/jpeg">
            {(props) => (
              <Button {...props} variant="default" leftSection={<IconPhotoUp size={16} aria-hidden />} loading={upload.isPending} data-testid="branding-logo-upload">
                {current.logoUrl ? t('branding.replaceLogo') : t('branding.uploadLogo')}
              </Button>
            )}
          </FileButton>
          {current.logoUrl ? (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => remove.mutate()} loading={remove.isPending}>
              {t('branding.removeLogo')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Stack>
  );
}

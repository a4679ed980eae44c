import { Alert, Anchor, Badge, Button, Card, Code, Group, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SamlSettingsResponse } from '../../../../contracts/identity.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { deleteSamlSettings, getSamlSettings, putSamlSettings } from '../api/identity-api.js';

function SpValue({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Code fz="sm" style={{ wordBreak: 'break-all' }}>
        {value}
      </Code>
    </div>
  );
}

function SamlForm({ communityId, current }: { communityId: string; current: SamlSettingsResponse }) {
  const { t } = useTranslation('identity');
  const queryClient = useQueryClient();
  const [xml, setXml] = useState('');
  const [domains, setDomains] = useState<string[]>(current.saml?.domains ?? []);
  const [removing, setRemoving] = useState(false);
  const save = useMutation({
    mutationFn: () => putSamlSettings(communityId, { idpMetadataXml: xml.trim(), domains: domains.map((d) => d.trim().toLowerCase()).filter(Boolean) }),
    onSuccess: (data) => {
      setXml('');
      queryClient.setQueryData(queryKeys.communities.saml(communityId), data);
      notify({ color: 'teal', message: t('saml.saved'), autoClose: 2500 });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteSamlSettings(communityId),
    onSuccess: () => {
      setRemoving(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.communities.saml(communityId) });
      notify({ color: 'teal', message: t('saml.removed'), autoClose: 2500 });
    },
  });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('saml.intro')}
      </Text>
      <Alert variant="light" color="gray" title={t('saml.spTitle')}>
        <Stack gap="xs">
          <SpValue label={t('saml.entityId')} value={current.sp.entityId} />
          <SpValue label={t('saml.acsUrl')} value={current.sp.acsUrl} />
          <Anchor href={current.sp.metadataUrl} target="_blank" rel="noreferrer" size="sm">
            {t('saml.metadataLink')}
          </Anchor>
        </Stack>
      </Alert>
      {current.saml ? (
        <Text size="sm" data-testid="saml-idp">
          {t('saml.connected', { entityId: current.saml.idpEntityId, count: current.saml.certificateCount })}
        </Text>
      ) : null}
      <Textarea
        label={t('saml.metadata')}
        description={current.saml ? t('saml.metadataReplaceHint') : t('saml.metadataHint')}
        autosize
        minRows={3}
        maxRows={10}
        value={xml}
        onChange={(e) => setXml(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
      />
      <TagsInput label={t('saml.domains')} description={t('saml.domainsHint')} placeholder="example.com" value={domains} onChange={setDomains} splitChars={[',', ' ']} clearable />
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!xml.trim() || domains.length === 0}>
          {t('saml.save')}
        </Button>
        {current.saml ? (
          <Button component="a" href={current.sp.startUrl} variant="default" data-testid="saml-test-sign-in">
            {t('saml.test')}
          </Button>
        ) : null}
        {current.saml ? (
          <Button variant="subtle" color="red" onClick={() => setRemoving(true)}>
            {t('saml.remove')}
          </Button>
        ) : null}
      </Group>
      {current.saml ? (
        <Text size="xs" c="dimmed">
          {t('saml.testHint')}
        </Text>
      ) : null}
      <ConfirmModal
        opened={removing}
        title={t('saml.removeTitle')}
        confirmLabel={t('saml.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(false)}
        onConfirm={() => remove.mutate()}
      >
        {t('saml.removeBody')}
      </ConfirmModal>
    </Stack>
  );
}

/** Admin → community: SAML 2.0 sign-in (IdP metadata, email domains, this service's values, a test sign-in). */
export function SamlCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('identity');
  const query = useQuery({ queryKey: queryKeys.communities.saml(communityId), queryFn: ({ signal }) => getSamlSettings(communityId, signal) });
  return (
    <Card padding="lg" data-testid="saml-settings">
      <Group gap="xs" mb="md" justify="space-between">
        <Group gap="xs">
          <IconKey size={20} aria-hidden />
          <Text fw={650} component="h2" fz="md" m={0}>
            {t('saml.title')}
          </Text>
        </Group>
        {query.data ? (
          <Badge variant={query.data.saml ? 'filled' : 'default'} color={query.data.saml ? 'teal.9' : 'gray'} tt="none">
            {query.data.saml ? t('saml.on') : t('saml.off')}
          </Badge>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? <SamlForm key={query.data.saml?.updatedAt ?? 'none'} communityId={communityId} current={query.data} /> : null}
      </QueryGate>
    </Card>
  );
}

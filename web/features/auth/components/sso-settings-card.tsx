import { Alert, Badge, Button, Card, Code, Group, PasswordInput, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SsoConfigResponse } from '../../../../contracts/sso.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { deleteCommunitySso, getCommunitySso, putCommunitySso } from '../api/sign-in-admin-api.js';

function SsoForm({ communityId, current }: { communityId: string; current: SsoConfigResponse }) {
  const { t } = useTranslation('auth-admin');
  const queryClient = useQueryClient();
  const [issuer, setIssuer] = useState(current.sso?.issuer ?? '');
  const [clientId, setClientId] = useState(current.sso?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState<string[]>(current.sso?.domains ?? []);
  const [removing, setRemoving] = useState(false);
  const saved = (data: SsoConfigResponse | null) => {
    if (data) queryClient.setQueryData(queryKeys.communities.sso(communityId), data);
    else void queryClient.invalidateQueries({ queryKey: queryKeys.communities.sso(communityId) });
  };
  const save = useMutation({
    mutationFn: () =>
      putCommunitySso(communityId, {
        issuer: issuer.trim(),
        clientId: clientId.trim(),
        domains: domains.map((d) => d.trim().toLowerCase()).filter(Boolean),
        ...(clientSecret ? { clientSecret } : {}),
      }),
    onSuccess: (data) => {
      setClientSecret('');
      saved(data);
      notify({ color: 'teal', message: t('ssoAdmin.saved'), autoClose: 2500 });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteCommunitySso(communityId),
    onSuccess: () => {
      setRemoving(false);
      saved(null);
      notify({ color: 'teal', message: t('ssoAdmin.removed'), autoClose: 2500 });
    },
  });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('ssoAdmin.intro')}
      </Text>
      <Alert variant="light" color="gray" title={t('ssoAdmin.redirectUri')}>
        <Code fz="sm" style={{ wordBreak: 'break-all' }}>
          {current.redirectUri}
        </Code>
      </Alert>
      <TextInput label={t('ssoAdmin.issuer')} description={t('ssoAdmin.issuerHint')} placeholder="https://login.example.com" value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} required />
      <TextInput label={t('ssoAdmin.clientId')} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} required />
      <PasswordInput
        label={t('ssoAdmin.clientSecret')}
        description={current.sso?.clientSecretSet ? t('ssoAdmin.secretSet') : t('ssoAdmin.secretUnset')}
        placeholder={current.sso?.clientSecretSet ? '••••••••' : ''}
        autoComplete="new-password"
        value={clientSecret}
        onChange={(e) => setClientSecret(e.currentTarget.value)}
      />
      <TagsInput
        label={t('ssoAdmin.domains')}
        description={t('ssoAdmin.domainsHint')}
        placeholder="example.com"
        value={domains}
        onChange={setDomains}
        splitChars={[',', ' ']}
        clearable
      />
      {current.sso?.peopleInOtherCommunities ? (
        <Alert variant="light" color="yellow" title={t('ssoAdmin.otherCommunitiesTitle')}>
          {t('ssoAdmin.otherCommunitiesBody', { count: current.sso.peopleInOtherCommunities })}
        </Alert>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!issuer.trim() || !clientId.trim() || domains.length === 0}>
          {t('ssoAdmin.save')}
        </Button>
        {current.sso ? (
          <Button variant="subtle" color="red" onClick={() => setRemoving(true)}>
            {t('ssoAdmin.remove')}
          </Button>
        ) : null}
      </Group>
      <ConfirmModal
        opened={removing}
        title={t('ssoAdmin.removeTitle')}
        confirmLabel={t('ssoAdmin.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(false)}
        onConfirm={() => remove.mutate()}
      >
        {t('ssoAdmin.removeBody')}
      </ConfirmModal>
    </Stack>
  );
}

/** Admin → community: the community's own OpenID Connect sign-in (issuer, client, write-only secret, email domains). */
export function SsoSettingsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('auth-admin');
  const query = useQuery({
    queryKey: queryKeys.communities.sso(communityId),
    queryFn: ({ signal }) => getCommunitySso(communityId, signal),
  });
  return (
    <Card padding="lg" data-testid="sso-settings">
      <Group gap="xs" mb="md" justify="space-between">
        <Group gap="xs">
          <IconBuildingSkyscraper size={20} />
          <Text fw={650} component="h2" fz="md" m={0}>
            {t('ssoAdmin.title')}
          </Text>
        </Group>
        {query.data ? (
          <Badge variant={query.data.sso ? 'filled' : 'default'} color={query.data.sso ? 'teal.9' : 'gray'} tt="none">
            {query.data.sso ? t('ssoAdmin.on') : t('ssoAdmin.off')}
          </Badge>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? <SsoForm key={query.data.sso?.updatedAt ?? 'none'} communityId={communityId} current={query.data} /> : null}
      </QueryGate>
    </Card>
  );
}

import { Alert, Badge, Button, Card, Group, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { encodeReason } from '../../../../contracts/failure-reasons.js';
import type { LrsEnvelope, LrsSettings, LrsTestResult } from '../../../../contracts/xapi.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useReason } from '../../../lib/failure-reason.js';
import { formatDateTime } from '../../../lib/format.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { deleteCommunityLrs, getCommunityLrs, putCommunityLrs, resendCommunityLrs, testCommunityLrs } from '../api/lrs-api.js';

/** Where delivery stands: what has arrived, what waits, and why it waits. */
function DeliveryState({ communityId, lrs }: { communityId: string; lrs: LrsSettings }) {
  const { t } = useTranslation('integrations');
  const reason = useReason();
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () => resendCommunityLrs(communityId),
    onSuccess: (data) => {
      queryClient.setQueryData(queryKeys.communities.lrs(communityId), data);
      notify({ color: 'teal', message: t('lrs.resent'), autoClose: 2500 });
    },
  });
  const { delivery } = lrs;
  const waiting = delivery.pending > 0 || delivery.rejected > 0;
  return (
    <Stack gap="xs" aria-live="polite">
      <Text size="sm">{t('lrs.counts', { sent: delivery.sent, pending: delivery.pending, rejected: delivery.rejected })}</Text>
      {delivery.lastSentAt ? <Text size="sm" c="dimmed">{t('lrs.lastSent', { when: formatDateTime(delivery.lastSentAt) })}</Text> : null}
      {delivery.lastError ? (
        <Alert color="orange" variant="light" title={t('lrs.failingTitle')}>
          <Text size="sm">{reason(delivery.lastError)}</Text>
          {delivery.nextAttemptAt ? <Text size="sm">{t('lrs.nextTry', { when: formatDateTime(delivery.nextAttemptAt) })}</Text> : null}
        </Alert>
      ) : null}
      {resend.error ? <ErrorAlert error={resend.error} /> : null}
      {waiting ? (
        <Group>
          <Button variant="light" leftSection={<IconSend size={16} />} onClick={() => resend.mutate()} loading={resend.isPending}>
            {t('lrs.resend')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function LrsForm({ communityId, current }: { communityId: string; current: LrsEnvelope }) {
  const { t } = useTranslation('integrations');
  const reason = useReason();
  const queryClient = useQueryClient();
  const [endpoint, setEndpoint] = useState(current.lrs?.endpoint ?? '');
  const [username, setUsername] = useState(current.lrs?.username ?? '');
  const [password, setPassword] = useState('');
  const [includeEmail, setIncludeEmail] = useState(current.lrs?.includeEmail ?? false);
  const [enabled, setEnabled] = useState(current.lrs?.enabled ?? true);
  const [removing, setRemoving] = useState(false);
  const [tested, setTested] = useState<LrsTestResult | undefined>();
  const save = useMutation({
    mutationFn: () => putCommunityLrs(communityId, { endpoint: endpoint.trim(), username: username.trim(), includeEmail, enabled, ...(password ? { password } : {}) }),
    onSuccess: (data) => {
      setPassword('');
      queryClient.setQueryData(queryKeys.communities.lrs(communityId), data);
      notify({ color: 'teal', message: t('lrs.saved'), autoClose: 2500 });
    },
  });
  const test = useMutation({ mutationFn: () => testCommunityLrs(communityId), onSuccess: setTested });
  const remove = useMutation({
    mutationFn: () => deleteCommunityLrs(communityId),
    onSuccess: () => {
      setRemoving(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.communities.lrs(communityId) });
      notify({ color: 'teal', message: t('lrs.removed'), autoClose: 2500 });
    },
  });
  const connected = Boolean(current.lrs);

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('lrs.intro')}
      </Text>
      <TextInput label={t('lrs.endpoint')} description={t('lrs.endpointHint')} placeholder="https://lrs.example.com/xapi/" value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)} required />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('lrs.username')} autoComplete="off" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
        <PasswordInput
          label={t('lrs.password')}
          description={connected ? t('lrs.passwordSet') : t('lrs.passwordUnset')}
          placeholder={connected ? '••••••••' : ''}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required={!connected}
        />
      </SimpleGrid>
      <Switch label={t('lrs.includeEmail')} description={t('lrs.includeEmailHint')} checked={includeEmail} onChange={(e) => setIncludeEmail(e.currentTarget.checked)} />
      {connected ? <Switch label={t('lrs.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {tested ? (
        <Alert color={tested.ok ? 'teal' : 'orange'} variant="light" title={tested.ok ? t('lrs.testOk') : t('lrs.testFailed')}>
          {tested.code ? reason(encodeReason(tested.code, tested.details)) : tested.message}
        </Alert>
      ) : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!endpoint.trim() || !username.trim() || (!connected && !password)}>
          {connected ? t('lrs.save') : t('lrs.connect')}
        </Button>
        {connected ? (
          <>
            <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
              {t('lrs.test')}
            </Button>
            <Button variant="subtle" color="red" onClick={() => setRemoving(true)}>
              {t('lrs.remove')}
            </Button>
          </>
        ) : null}
      </Group>
      {current.lrs ? <DeliveryState communityId={communityId} lrs={current.lrs} /> : null}
      <ConfirmModal
        opened={removing}
        title={t('lrs.removeTitle')}
        confirmLabel={t('lrs.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(false)}
        onConfirm={() => remove.mutate()}
      >
        {t('lrs.removeBody')}
      </ConfirmModal>
    </Stack>
  );
}

/** Admin → community: where the community's learning records go (its LMS's LRS, xAPI 1.0.3). */
export function LrsSettingsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('integrations');
  const query = useQuery({ queryKey: queryKeys.communities.lrs(communityId), queryFn: ({ signal }) => getCommunityLrs(communityId, signal) });
  const lrs = query.data?.lrs;
  return (
    <Card padding="lg" data-testid="lrs-settings">
      <Group gap="xs" mb="md" justify="space-between">
        <Text fw={650} component="h2" fz="md" m={0}>
          {t('lrs.title')}
        </Text>
        {query.data ? (
          <Badge variant={lrs?.enabled ? 'filled' : 'default'} color={lrs?.enabled ? 'teal.9' : 'gray'} tt="none">
            {lrs ? (lrs.enabled ? t('lrs.on') : t('lrs.paused')) : t('lrs.off')}
          </Badge>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? <LrsForm key={lrs ? `${lrs.endpoint}|${lrs.username}` : 'none'} communityId={communityId} current={query.data} /> : null}
      </QueryGate>
    </Card>
  );
}

import { Alert, Badge, Button, Card, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDateTime } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { createScimToken, getScimStatus } from '../api/identity-api.js';

/** Admin → community: the provisioning (SCIM) token, shown once with a copy button, and the last sync. */
export function ScimCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('identity');
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ queryKey: queryKeys.communities.scim(communityId), queryFn: ({ signal }) => getScimStatus(communityId, signal) });
  const create = useMutation({
    mutationFn: () => createScimToken(communityId),
    onSuccess: (data) => {
      setConfirming(false);
      setToken(data.token);
      void queryClient.invalidateQueries({ queryKey: queryKeys.communities.scim(communityId) });
    },
  });
  const status = query.data;
  return (
    <Card padding="lg" data-testid="scim-settings">
      <Group gap="xs" mb="md" justify="space-between">
        <Group gap="xs">
          <IconUsersGroup size={20} aria-hidden />
          <Text fw={650} component="h2" fz="md" m={0}>
            {t('scim.title')}
          </Text>
        </Group>
        {status ? (
          <Badge variant={status.tokenSet ? 'filled' : 'default'} color={status.tokenSet ? 'teal.9' : 'gray'} tt="none">
            {status.tokenSet ? t('scim.on') : t('scim.off')}
          </Badge>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {status ? (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('scim.intro')}
            </Text>
            <Alert variant="light" color="gray" title={t('scim.baseUrl')}>
              <Code fz="sm" style={{ wordBreak: 'break-all' }}>
                {status.baseUrl}
              </Code>
            </Alert>
            <Text size="sm">{status.lastSyncAt ? t('scim.lastSync', { when: formatDateTime(status.lastSyncAt) }) : t('scim.neverSynced')}</Text>
            {token ? (
              <Alert variant="light" color="teal" title={t('scim.tokenTitle')} data-testid="scim-token">
                <Stack gap="xs">
                  <Text size="sm">{t('scim.tokenOnce')}</Text>
                  <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                    {token}
                  </Code>
                  <CopyButton value={token}>
                    {({ copied, copy }) => (
                      <Button variant="light" size="xs" onClick={copy} w="fit-content">
                        {copied ? t('scim.copied') : t('scim.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Stack>
              </Alert>
            ) : null}
            {create.error && !confirming ? <ErrorAlert error={create.error} /> : null}
            <Group>
              <Button variant={status.tokenSet ? 'default' : 'filled'} onClick={() => (status.tokenSet ? setConfirming(true) : create.mutate())} loading={create.isPending && !confirming}>
                {status.tokenSet ? t('scim.rotate') : t('scim.create')}
              </Button>
            </Group>
            <ConfirmModal
              opened={confirming}
              title={t('scim.rotateTitle')}
              confirmLabel={t('scim.rotate')}
              danger
              loading={create.isPending}
              error={create.error}
              onClose={() => setConfirming(false)}
              onConfirm={() => create.mutate()}
            >
              {t('scim.rotateBody')}
            </ConfirmModal>
          </Stack>
        ) : null}
      </QueryGate>
    </Card>
  );
}

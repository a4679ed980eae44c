import { Badge, Button, Card, Group, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDate } from '../../../lib/format.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getUserTwoFactor, resetUserTwoFactor } from '../api/sign-in-admin-api.js';

/** Admin → user: whether the person uses two-factor, and "Reset two-factor" (audited; ends their sessions). */
export function ResetTwoFactorCard({ userId, isSelf }: { userId: string; isSelf: boolean }) {
  const { t } = useTranslation('auth-admin');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ queryKey: queryKeys.users.twoFactor(userId), queryFn: ({ signal }) => getUserTwoFactor(userId, signal) });
  const reset = useMutation({
    mutationFn: () => resetUserTwoFactor(userId),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.twoFactor(userId) });
      notify({ color: 'teal', message: t('resetTwoFactor.done'), autoClose: 3000 });
    },
  });
  // An unknown person: the detail above already says so.
  if (isApiError(query.error) && query.error.status === 404) return null;
  return (
    <Card padding="lg" data-testid="two-factor-admin">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="xs">
          <IconShieldLock size={20} />
          <Text fw={650} component="h2" fz="md" m={0}>
            {t('resetTwoFactor.title')}
          </Text>
          {query.data ? (
            <Badge variant={query.data.enabled ? 'filled' : 'default'} color={query.data.enabled ? 'teal.9' : 'gray'} tt="none">
              {query.data.enabled ? t('resetTwoFactor.on', { date: formatDate(query.data.enabledAt) }) : t('resetTwoFactor.off')}
            </Badge>
          ) : null}
        </Group>
        {!isSelf ? (
          <Button variant="light" color="red" onClick={() => setConfirming(true)} disabled={!query.data?.enabled}>
            {t('resetTwoFactor.button')}
          </Button>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        <Text size="sm" c="dimmed" mt="xs">
          {t('resetTwoFactor.hint')}
        </Text>
      </QueryGate>
      <ConfirmModal
        opened={confirming}
        title={t('resetTwoFactor.confirmTitle')}
        confirmLabel={t('resetTwoFactor.button')}
        danger
        loading={reset.isPending}
        error={reset.error}
        onClose={() => setConfirming(false)}
        onConfirm={() => reset.mutate()}
      >
        {t('resetTwoFactor.confirmBody')}
      </ConfirmModal>
    </Card>
  );
}

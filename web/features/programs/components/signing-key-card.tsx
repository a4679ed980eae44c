import { Button, Code, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDate } from '../../../lib/format.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { listSigningKeys, rotateSigningKey } from '../api/programs-api.js';

/** Admins: which key signs the certificates' Open Badges credentials, and a rotation (ADR 0044). */
export function SigningKeyCard() {
  const { t } = useTranslation('programs');
  const client = useQueryClient();
  const keys = useQuery({ queryKey: queryKeys.programs.signingKeys, queryFn: ({ signal }) => listSigningKeys(signal), select: (r) => r.items });
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({
    mutationFn: rotateSigningKey,
    onSuccess: async () => {
      setConfirming(false);
      notify({ color: 'teal', title: t('signingKeys.rotated'), message: '' });
      await client.invalidateQueries({ queryKey: queryKeys.programs.signingKeys });
    },
  });
  const active = keys.data?.find((k) => k.retiredAt === null) ?? null;
  const retired = keys.data?.filter((k) => k.retiredAt !== null) ?? [];
  const jwksUrl = `${window.location.origin}/.well-known/jwks.json`;
  return (
    <Paper withBorder radius="md" p="lg" mt="lg" data-testid="signing-key-card">
      <Stack gap="sm">
        <Group gap="xs">
          <IconKey size={18} aria-hidden />
          <Title order={2} fz="lg">
            {t('signingKeys.title')}
          </Title>
        </Group>
        <Text size="sm">{t('signingKeys.body', { url: jwksUrl })}</Text>
        <QueryGate pending={keys.isPending} error={keys.error} onRetry={() => void keys.refetch()}>
          {active ? (
            <Stack gap={4}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('signingKeys.active')}
              </Text>
              <Group gap="xs" wrap="wrap">
                <Code style={{ wordBreak: 'break-all' }}>{active.kid}</Code>
                <Text size="sm">{t('signingKeys.since', { date: formatDate(active.createdAt) })}</Text>
              </Group>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('signingKeys.none')}
            </Text>
          )}
          {retired.length > 0 ? (
            <Stack gap={4}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('signingKeys.retired')}
              </Text>
              <List spacing={4} listStyleType="none">
                {retired.map((k) => (
                  <List.Item key={k.kid}>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      <Code>{k.kid}</Code> · {k.publishedUntil ? t('signingKeys.publishedUntil', { date: formatDate(k.publishedUntil) }) : t('signingKeys.publishedForever')}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          ) : null}
        </QueryGate>
        <Group>
          <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => setConfirming(true)} data-testid="rotate-signing-key">
            {t('signingKeys.rotate')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('signingKeys.rotateTitle')}
        confirmLabel={t('signingKeys.rotate')}
        loading={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirming(false)}
      >
        {t('signingKeys.rotateBody')}
      </ConfirmModal>
    </Paper>
  );
}

import { Group, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import type { Attempt } from '../../../../contracts/exercises.js';
import { getReaders, setShared } from '../api/exercises-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** The member decides whether their managers may read the practice conversation, and sees who they are. */
export function ShareToggle({ attempt }: { attempt: Attempt }) {
  const { t } = useTranslation('exercises');
  const queryClient = useQueryClient();
  const readers = useQuery({ queryKey: queryKeys.exercises.readers(attempt.id), queryFn: ({ signal }) => getReaders(attempt.id, signal) });
  const share = useMutation({
    mutationFn: (shared: boolean) => setShared(attempt.id, shared),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.exercises.all }),
  });
  const names = (readers.data?.readers ?? []).map((r) => `${r.name} (${r.community})`);
  return (
    <Stack gap={6} data-testid="share-toggle">
      <Switch
        label={t('share.label')}
        checked={attempt.shared}
        disabled={share.isPending}
        onChange={(e) => share.mutate(e.currentTarget.checked)}
      />
      <Group gap={4}>
        <Text size="xs" c="dimmed">
          {readers.isPending
            ? t('share.checking')
            : names.length === 0
              ? t('share.nobody')
              : t(attempt.shared ? 'share.canRead' : 'share.couldRead', { names: names.join(', ') })}
        </Text>
      </Group>
      {share.error ? <ErrorAlert error={share.error} /> : null}
    </Stack>
  );
}

import { Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';

/** Adds the selected items to more communities (existing assignments are kept). */
export function AssignCommunitiesModal({
  count,
  loading,
  error,
  onAssign,
  onClose,
}: {
  count: number;
  loading: boolean;
  error: unknown;
  onAssign: (communityIds: string[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('content');
  const communities = useCommunityDirectory();
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <Dialog opened onClose={onClose} title={<Text fw={650}>{t('assign.title')}</Text>} centered>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('assign.body', { count })}
        </Text>
        {communities.error ? <ErrorAlert error={communities.error} onRetry={() => void communities.refetch()} /> : null}
        <MultiSelect
          label={t('assign.communities')}
          placeholder={communities.isPending ? t('assign.loading') : t('assign.pick')}
          data={communityOptions(communities.data)}
          value={selected}
          onChange={setSelected}
          searchable
          nothingFoundMessage={t('assign.noMatch')}
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={() => onAssign(selected)} loading={loading} disabled={selected.length === 0}>
            {t('assign.assign')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

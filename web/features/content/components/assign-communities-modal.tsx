import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
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
  const communities = useCommunityDirectory();
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>Assign to communities</Text>} centered>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Members of these communities will see the {count === 1 ? 'selected item' : `${count} selected items`} in their
          library once published. Existing assignments are kept.
        </Text>
        {communities.error ? <ErrorAlert error={communities.error} onRetry={() => void communities.refetch()} /> : null}
        <MultiSelect
          label="Communities"
          placeholder={communities.isPending ? 'Loading communities…' : 'Pick communities'}
          data={communityOptions(communities.data)}
          value={selected}
          onChange={setSelected}
          searchable
          nothingFoundMessage="No community matches"
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button onClick={() => onAssign(selected)} loading={loading} disabled={selected.length === 0}>
            Assign
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

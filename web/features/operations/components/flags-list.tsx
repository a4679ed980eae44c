import { Anchor, Button, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconFlag, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Flag, UpdateFlagInput } from '../../../../contracts/flags.js';
import { ConfirmDelete, ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable, type ListColumn } from '../../../components/list/list-table.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { communityOptions as toOptions, useCommunityDirectory, useCommunityNames } from '../../../lib/directory.js';
import { flagTitle, isMemberFeature } from '../../../lib/features.js';
import { reachOf, switchOffImpact } from '../lib/flag-reach.js';
import { useDeleteFlag, useFlags, useUpdateFlag } from '../hooks/use-flags.js';
import { formatAgo, formatDateTime } from '../../../lib/format.js';
import { FlagCommunities, FlagRollout, FlagSwitch } from './flag-controls.js';
import { FlagCreateModal } from './flag-create-modal.js';
import { FlagDescriptionModal } from './flag-description-modal.js';

function describePatch(flag: Flag, patch: UpdateFlagInput): string {
  const key = flagTitle(flag.key);
  if (patch.enabled !== undefined) return `${key} is now ${patch.enabled ? 'on' : 'off'}.`;
  if (patch.rolloutPercentage !== undefined) return `${key} rolls out to ${patch.rolloutPercentage}%.`;
  if (patch.communityIds !== undefined) {
    return patch.communityIds.length === 0
      ? `${key} now targets everyone.`
      : `${key} now targets ${patch.communityIds.length} ${patch.communityIds.length === 1 ? 'community' : 'communities'}.`;
  }
  return `Saved ${key}.`;
}

export function FlagsList() {
  const flags = useFlags();
  const communities = useCommunityDirectory();
  const update = useUpdateFlag();
  const remove = useDeleteFlag();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Flag | null>(null);
  const [deleting, setDeleting] = useState<Flag | null>(null);
  const [switchingOff, setSwitchingOff] = useState<{ flag: Flag; impact: string } | null>(null);
  // Rollout percentages, flag keys and new flags are for developers: out of a trainer's way until asked for.
  const [advanced, { toggle: toggleAdvanced }] = useDisclosure(false);
  const communityOptions = toOptions(communities.data);
  const communityNames = useCommunityNames();

  /** Switching off a feature members use first says who loses it. */
  const toggle = (flag: Flag, enabled: boolean) => {
    const impact = enabled ? null : switchOffImpact(flag, communityNames);
    if (impact) setSwitchingOff({ flag, impact });
    else change(flag, { enabled });
  };

  const change = (flag: Flag, patch: UpdateFlagInput) => {
    update.mutate(
      { key: flag.key, patch },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: describePatch(flag, patch), autoClose: 2500 }),
        onError: (e) =>
          notifications.show({ color: 'red', title: `${flagTitle(flag.key)} was not changed`, message: e.message, autoClose: 8000 }),
      },
    );
  };

  const items = flags.data ?? [];
  const rolloutColumn: ListColumn<Flag> = {
    key: 'rollout',
    header: 'Rollout',
    width: 184,
    priority: 'secondary',
    render: (flag) => <FlagRollout flag={flag} onCommit={(rolloutPercentage) => change(flag, { rolloutPercentage })} />,
  };

  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Switch features on for everyone, for some communities, or for a share of people. Changes apply on the next request — no restart."
        actions={
          <>
            <Button
              variant="default"
              leftSection={advanced ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              aria-expanded={advanced}
              onClick={toggleAdvanced}
            >
              Advanced
            </Button>
            {advanced ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New flag
              </Button>
            ) : null}
          </>
        }
      />
      <ListFrame
        query={flags}
        count={items.length}
        empty={{
          icon: <IconFlag size={24} />,
          title: 'No flags yet',
          body: 'Create a flag to switch a feature on gradually or for some communities only.',
        }}
      >
        <ListTable
          label="Feature flags"
          rows={items}
          rowKey={(flag) => flag.key}
          rowData={(flag) => ({ 'data-testid': `flag-row-${flag.key}` })}
          columns={[
            {
              key: 'flag',
              header: 'Flag',
              render: (flag) => (
                <Stack gap={4}>
                  <Group gap="xs" wrap="wrap">
                    {isMemberFeature(flag.key) ? (
                      <Text fw={600} size="sm">
                        {flagTitle(flag.key)}
                      </Text>
                    ) : null}
                    {advanced || !isMemberFeature(flag.key) ? (
                      <Code fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {flag.key}
                      </Code>
                    ) : null}
                  </Group>
                  <Text size="sm" c={flag.description ? undefined : 'dimmed'} lineClamp={2}>
                    {flag.description || 'No description'}
                  </Text>
                  <Text size="xs" c={flag.enabled ? 'var(--mantine-color-teal-light-color)' : 'dimmed'} data-testid={`flag-reach-${flag.key}`}>
                    {reachOf(flag)}
                  </Text>
                </Stack>
              ),
            },
            { key: 'status', header: 'Status', width: 84, render: (flag) => <FlagSwitch flag={flag} onChange={(enabled) => toggle(flag, enabled)} /> },
            ...(advanced ? [rolloutColumn] : []),
            {
              key: 'communities',
              header: 'Communities',
              width: 240,
              priority: 'secondary',
              render: (flag) => (
                <FlagCommunities
                  flag={flag}
                  options={communityOptions}
                  loading={communities.isPending}
                  onChange={(communityIds) => change(flag, { communityIds })}
                />
              ),
            },
            {
              key: 'updated',
              header: 'Updated',
              width: 104,
              priority: 'secondary',
              render: (flag) => (
                <Tooltip label={formatDateTime(flag.updatedAt)} withinPortal>
                  <Text size="sm" c="dimmed" component="span">
                    {formatAgo(flag.updatedAt)}
                  </Text>
                </Tooltip>
              ),
            },
          ]}
          actions={(flag) => (
            <RowActions
              label={`Actions for ${flag.key}`}
              actions={[
                { label: 'Edit description', icon: <IconPencil size={16} />, onClick: () => setEditing(flag) },
                { label: 'Delete', icon: <IconTrash size={16} />, danger: true, onClick: () => setDeleting(flag) },
              ]}
            />
          )}
        />
      </ListFrame>
      {communities.error ? (
        <Text size="xs" c="red" mt="xs">
          Communities could not be loaded, so targeting shows ids only.{' '}
          <Anchor component="button" type="button" size="xs" c="red" onClick={() => void communities.refetch()}>
            Retry
          </Anchor>
        </Text>
      ) : null}

      {creating ? <FlagCreateModal communityOptions={communityOptions} onClose={() => setCreating(false)} /> : null}
      {editing ? <FlagDescriptionModal flag={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={switchingOff !== null}
        title={`Switch off ${switchingOff ? flagTitle(switchingOff.flag.key) : ''}?`}
        confirmLabel="Switch off"
        danger
        onConfirm={() => {
          if (switchingOff) change(switchingOff.flag, { enabled: false });
          setSwitchingOff(null);
        }}
        onClose={() => setSwitchingOff(null)}
      >
        <span data-testid="flag-switch-off-impact">{switchingOff?.impact}</span> Their pages for it disappear on their next click; you
        can switch it back on at any time.
      </ConfirmModal>
      <ConfirmDelete
        item={deleting}
        what="flag"
        mutation={remove}
        variables={(d) => d.key}
        done={(d) => `Deleted ${d.key}.`}
        onClose={() => setDeleting(null)}
      >
        Everything that checks <strong>{deleting?.key}</strong> will behave as if it were off, for everyone, from the next
        request. This cannot be undone.
      </ConfirmDelete>
    </>
  );
}

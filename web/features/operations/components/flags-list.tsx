import { ActionIcon, Anchor, Button, Card, Code, Group, Menu, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconFlag, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Flag, UpdateFlagInput } from '../../../../contracts/flags.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useCommunityOptions } from '../hooks/use-directory.js';
import { useDeleteFlag, useFlags, useUpdateFlag } from '../hooks/use-flags.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { FlagCommunities, FlagRollout, FlagSwitch } from './flag-controls.js';
import { FlagCreateModal } from './flag-create-modal.js';
import { FlagDescriptionModal } from './flag-description-modal.js';

/** Who a flag reaches, in words, from its three settings. */
function reachOf(flag: Flag): string {
  if (!flag.enabled) return 'Off for everyone';
  const who =
    flag.communityIds.length === 0
      ? 'everyone'
      : `members of ${flag.communityIds.length} ${flag.communityIds.length === 1 ? 'community' : 'communities'}`;
  if (flag.rolloutPercentage === 0) return 'On, but rolled out to nobody';
  if (flag.rolloutPercentage === 100) return `On for ${who}`;
  return `On for ${flag.rolloutPercentage}% of ${who}`;
}

function describePatch(key: string, patch: UpdateFlagInput): string {
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
  const communities = useCommunityOptions();
  const update = useUpdateFlag();
  const remove = useDeleteFlag();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Flag | null>(null);
  const [deleting, setDeleting] = useState<Flag | null>(null);
  const communityOptions = (communities.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  const change = (flag: Flag, patch: UpdateFlagInput) => {
    update.mutate(
      { key: flag.key, patch },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: describePatch(flag.key, patch), autoClose: 2500 }),
        onError: (e) =>
          notifications.show({ color: 'red', title: `${flag.key} was not changed`, message: e.message, autoClose: 8000 }),
      },
    );
  };

  const items = flags.data ?? [];

  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Switch features on for everyone, for some communities, or for a share of people. Changes apply on the next request — no restart."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New flag
          </Button>
        }
      />
      <Card padding={0}>
        <QueryGate pending={flags.isPending} error={flags.error} onRetry={() => void flags.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconFlag size={24} />} title="No flags yet">
              Create a flag to switch a feature on gradually or for some communities only.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="md" horizontalSpacing="md" aria-label="Feature flags">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Flag</Table.Th>
                    <Table.Th w={84}>Status</Table.Th>
                    <Table.Th w={184}>Rollout</Table.Th>
                    <Table.Th w={240}>Communities</Table.Th>
                    <Table.Th w={104}>Updated</Table.Th>
                    <Table.Th w={56} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((flag) => (
                    <Table.Tr key={flag.key} data-testid={`flag-row-${flag.key}`}>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Stack gap={4}>
                          <Group gap="xs" wrap="nowrap">
                            <Code fz="sm" fw={600}>
                              {flag.key}
                            </Code>
                          </Group>
                          <Text size="sm" c={flag.description ? undefined : 'dimmed'} lineClamp={2}>
                            {flag.description || 'No description'}
                          </Text>
                          <Text size="xs" c={flag.enabled ? 'teal.7' : 'dimmed'} data-testid={`flag-reach-${flag.key}`}>
                            {reachOf(flag)}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <FlagSwitch flag={flag} onChange={(enabled) => change(flag, { enabled })} />
                      </Table.Td>
                      <Table.Td>
                        <FlagRollout flag={flag} onCommit={(rolloutPercentage) => change(flag, { rolloutPercentage })} />
                      </Table.Td>
                      <Table.Td>
                        <FlagCommunities
                          flag={flag}
                          options={communityOptions}
                          loading={communities.isPending}
                          onChange={(communityIds) => change(flag, { communityIds })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={formatDateTime(flag.updatedAt)} withinPortal>
                          <Text size="sm" c="dimmed" component="span">
                            {formatRelative(flag.updatedAt)}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${flag.key}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(flag)}>
                              Edit description
                            </Menu.Item>
                            <Menu.Divider />
                            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(flag)}>
                              Delete
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryGate>
      </Card>
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

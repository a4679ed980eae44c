import { Anchor, Button, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconFlag, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
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
import { formatAgo, formatDateTime, formatPercent } from '../../../lib/format.js';
import { FlagCommunities, FlagRollout, FlagSwitch } from './flag-controls.js';
import { FlagCreateModal } from './flag-create-modal.js';
import { FlagDescriptionModal } from './flag-description-modal.js';

function describePatch(key: string, patch: UpdateFlagInput, t: TFunction<'operations'>): string {
  if (patch.enabled !== undefined) return t(patch.enabled ? 'flags.patch.on' : 'flags.patch.off', { key });
  if (patch.rolloutPercentage !== undefined) return t('flags.patch.rollout', { key, share: formatPercent(patch.rolloutPercentage / 100) });
  if (patch.communityIds !== undefined) {
    return patch.communityIds.length === 0
      ? t('flags.patch.everyone', { key })
      : t('flags.patch.communities', { key, count: patch.communityIds.length });
  }
  return t('flags.patch.saved', { key });
}

export function FlagsList() {
  const { t } = useTranslation('operations');
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
    const impact = enabled ? null : switchOffImpact(flag, communityNames, t);
    if (impact) setSwitchingOff({ flag, impact });
    else change(flag, { enabled });
  };

  const change = (flag: Flag, patch: UpdateFlagInput) => {
    update.mutate(
      { key: flag.key, patch },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: describePatch(flagTitle(flag.key), patch, t), autoClose: 2500 }),
        onError: (e) =>
          notifications.show({ color: 'red', title: t('flags.notChanged', { key: flagTitle(flag.key) }), message: e.message, autoClose: 8000 }),
      },
    );
  };

  const items = flags.data ?? [];
  const rolloutColumn: ListColumn<Flag> = {
    key: 'rollout',
    header: t('flags.rollout'),
    width: 184,
    priority: 'secondary',
    render: (flag) => <FlagRollout flag={flag} onCommit={(rolloutPercentage) => change(flag, { rolloutPercentage })} />,
  };

  return (
    <>
      <PageHeader
        title={t('flags.title')}
        description={t('flags.pageDescription')}
        actions={
          <>
            <Button
              variant="default"
              leftSection={advanced ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              aria-expanded={advanced}
              onClick={toggleAdvanced}
            >
              {t('flags.advanced')}
            </Button>
            {advanced ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                {t('flags.new')}
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
          title: t('flags.emptyTitle'),
          body: t('flags.emptyBody'),
        }}
      >
        <ListTable
          label={t('flags.title')}
          rows={items}
          rowKey={(flag) => flag.key}
          rowData={(flag) => ({ 'data-testid': `flag-row-${flag.key}` })}
          columns={[
            {
              key: 'flag',
              header: t('flags.columns.flag'),
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
                    {flag.description || t('noDescription')}
                  </Text>
                  <Text size="xs" c={flag.enabled ? 'var(--mantine-color-teal-light-color)' : 'dimmed'} data-testid={`flag-reach-${flag.key}`}>
                    {reachOf(flag, t)}
                  </Text>
                </Stack>
              ),
            },
            { key: 'status', header: t('flags.columns.status'), width: 84, render: (flag) => <FlagSwitch flag={flag} onChange={(enabled) => toggle(flag, enabled)} /> },
            ...(advanced ? [rolloutColumn] : []),
            {
              key: 'communities',
              header: t('flags.communities'),
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
              header: t('flags.columns.updated'),
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
              label={t('actionsFor', { name: flag.key })}
              actions={[
                { label: t('flags.editDescription'), icon: <IconPencil size={16} />, onClick: () => setEditing(flag) },
                { label: t('common:actions.delete'), icon: <IconTrash size={16} />, danger: true, onClick: () => setDeleting(flag) },
              ]}
            />
          )}
        />
      </ListFrame>
      {communities.error ? (
        <Text size="xs" c="red" mt="xs">
          {t('flags.communitiesError')}{' '}
          <Anchor component="button" type="button" size="xs" c="red" onClick={() => void communities.refetch()}>
            {t('common:actions.retry')}
          </Anchor>
        </Text>
      ) : null}

      {creating ? <FlagCreateModal communityOptions={communityOptions} onClose={() => setCreating(false)} /> : null}
      {editing ? <FlagDescriptionModal flag={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={switchingOff !== null}
        title={t('flags.switchOff.title', { feature: switchingOff ? flagTitle(switchingOff.flag.key) : '' })}
        confirmLabel={t('flags.switchOff.confirm')}
        danger
        onConfirm={() => {
          if (switchingOff) change(switchingOff.flag, { enabled: false });
          setSwitchingOff(null);
        }}
        onClose={() => setSwitchingOff(null)}
      >
        <span data-testid="flag-switch-off-impact">{switchingOff?.impact}</span> {t('flags.switchOff.after')}
      </ConfirmModal>
      <ConfirmDelete
        item={deleting}
        what={t('flags.what')}
        mutation={remove}
        variables={(d) => d.key}
        done={(d) => t('flags.deleted', { key: d.key })}
        onClose={() => setDeleting(null)}
      >
        <Trans t={t} i18nKey="flags.deleteBody" values={{ key: deleting?.key ?? '' }} components={{ strong: <strong /> }} />
      </ConfirmDelete>
    </>
  );
}

import { Anchor, Button, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconChartBar, IconLink, IconPencil, IconPlus, IconRoute, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { pagedItems } from '../../../components/list/infinite-pages.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable, type ListColumn } from '../../../components/list/list-table.js';
import { ListToolbar } from '../../../components/list/list-toolbar.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { formatNumber } from '../../../lib/format.js';
import type { Program } from '../api/programs-api.js';
import { useAssignMissingContent, useDeleteProgram, useProgramList } from '../hooks/use-programs.js';
import { notify } from '../../../lib/notify.js';
import { ToneBadge } from './program-bits.js';

const statusColor = { draft: 'gray', published: 'teal' } as const;

/** Issue 25: the steps of a program its communities cannot open, as the server warned. */
const unassignedOf = (p: Program) => p.warnings?.find((w) => w.code === 'steps_not_assigned')?.items ?? [];

/** (Red, not orange: Mantine's darkest orange is 4.3:1 on white, below 4.5:1 for small text.) A published program nobody can be enrolled in, or one whose content is not assigned where it is: said in the row, naming the content. */
function AssignmentBadge({ program }: { program: Program }) {
  const { t } = useTranslation('programs');
  const items = unassignedOf(program);
  if (items.length > 0) {
    return (
      <ToneBadge tt="none" color="red" leftSection={<IconAlertTriangle size={12} aria-hidden />} data-testid="unassigned-badge">
        {t('unassigned.badge')}
      </ToneBadge>
    );
  }
  if (program.status === 'published' && program.communityIds.length === 0 && program.steps.length > 0) {
    return (
      <ToneBadge tt="none" color="red" data-testid="no-community-badge">
        {t('unassigned.noCommunity')}
      </ToneBadge>
    );
  }
  return null;
}

/** /admin/programs: every program, with its status, steps and communities. */
export function ProgramsList() {
  const { t } = useTranslation('programs');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useProgramList(q);
  const items = pagedItems(list.data);
  const [deleting, setDeleting] = useState<Program | null>(null);
  const remove = useDeleteProgram();
  const assignMissing = useAssignMissingContent();

  const columns: ListColumn<Program>[] = [
    {
      key: 'title',
      header: t('admin.columns.program'),
      render: (p) => (
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/admin/programs/${p.id}`} fw={600} size="sm" truncate="end" display="block">
            {p.title}
          </Anchor>
          {p.description ? (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {p.description}
            </Text>
          ) : null}
          {unassignedOf(p).length > 0 ? (
            <Text size="xs" c="red.9" style={{ overflowWrap: 'anywhere' }} data-testid="unassigned-items">
              {t('unassigned.badgeLabel', { titles: [...new Set(unassignedOf(p).map((i) => i.title))].join(', ') })}
            </Text>
          ) : null}
        </div>
      ),
    },
    {
      key: 'status',
      header: t('admin.columns.status'),
      width: 130,
      render: (p) => (
        <Group gap={4}>
          <ToneBadge tt="none" color={statusColor[p.status]}>{t(`status.${p.status}`)}</ToneBadge>
          <AssignmentBadge program={p} />
        </Group>
      ),
    },
    { key: 'steps', header: t('admin.columns.steps'), width: 90, priority: 'secondary', render: (p) => <Text size="sm">{formatNumber(p.steps.length)}</Text> },
    {
      key: 'communities',
      header: t('admin.columns.communities'),
      width: 130,
      priority: 'secondary',
      render: (p) => <Text size="sm">{formatNumber(p.communityIds.length)}</Text>,
    },
    {
      key: 'due',
      header: t('admin.columns.due'),
      width: 130,
      priority: 'secondary',
      render: (p) => (
        <Text size="sm" c="dimmed">
          {p.dueDays ? t('admin.dueDays', { count: p.dueDays }) : t('admin.noDue')}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('admin.title')}
        description={t('admin.description')}
        actions={
          <Button component={Link} to="/admin/programs/new" leftSection={<IconPlus size={16} />}>
            {t('admin.new')}
          </Button>
        }
      />
      <ListFrame
        query={list}
        count={items.length}
        toolbar={<ListToolbar search={{ value: search, onChange: setSearch, placeholder: t('admin.search'), label: t('admin.search') }} />}
        empty={{
          icon: <IconRoute size={24} />,
          title: q ? t('admin.noMatches') : t('admin.empty'),
          body: q ? t('admin.tryAnother') : t('admin.emptyBody'),
        }}
      >
        <ListTable
          label={t('admin.title')}
          rows={items}
          rowKey={(p) => p.id}
          columns={columns}
          stale={list.isPlaceholderData}
          rowData={(p) => ({ 'data-testid': 'program-row', 'data-status': p.status })}
          actions={(p) => (
            <RowActions
              label={t('admin.actionsFor', { title: p.title })}
              actions={[
                { label: t('admin.edit'), icon: <IconPencil size={16} />, onClick: () => void navigate(`/admin/programs/${p.id}`) },
                ...(unassignedOf(p).length > 0
                  ? [
                      {
                        label: t('unassigned.rowAction'),
                        icon: <IconLink size={16} />,
                        onClick: () =>
                          assignMissing.mutate(
                            { id: p.id, communityIds: p.communityIds },
                            {
                              onSuccess: () => notify({ color: 'teal', message: t('unassigned.done', { count: new Set(unassignedOf(p).map((i) => i.contentId)).size, communities: [...new Set(unassignedOf(p).map((i) => i.communityName))].join(', ') }) }),
                              onError: (error) => notify({ color: 'red', title: t('unassigned.failed'), message: error.message }),
                            },
                          ),
                      },
                    ]
                  : []),
                { label: t('admin.progress'), icon: <IconChartBar size={16} />, onClick: () => void navigate(`/programs/${p.id}/progress`) },
                { label: t('admin.delete'), icon: <IconTrash size={16} />, danger: true, onClick: () => setDeleting(p) },
              ]}
            />
          )}
        />
      </ListFrame>
      <ConfirmDelete
        item={deleting}
        what={t('admin.what')}
        mutation={remove}
        variables={(p) => p.id}
        done={(p) => t('admin.deleted', { title: p.title })}
        onClose={() => setDeleting(null)}
      >
        {t('admin.deleteBody', { title: deleting?.title ?? '' })}
      </ConfirmDelete>
    </>
  );
}

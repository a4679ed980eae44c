import {
  ActionIcon,
  Anchor,
  Avatar,
  Button,
  Card,
  Group,
  Menu,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconBuildingCommunity,
  IconDots,
  IconExternalLink,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Community } from '../../../../contracts/communities.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useCommunityList, useDeleteCommunity } from '../hooks/use-communities.js';
import { CommunityFormModal } from './community-form-modal.js';
import { formatDate } from './user-badges.js';
import { LoadMore } from '../../../components/ui/load-more.js';

export function CommunitiesList() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useCommunityList(q);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Community | null>(null);
  const [deleting, setDeleting] = useState<Community | null>(null);
  const remove = useDeleteCommunity();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Communities"
        description="One community per client organisation. Open a community to manage its members and managers."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New community
          </Button>
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm">
          <TextInput
            placeholder="Search communities"
            aria-label="Search communities"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1, maxWidth: 420 }}
          />
        </Group>
        <QueryGate pending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconBuildingCommunity size={24} />} title={q ? 'No matching communities' : 'No communities yet'}>
              {q ? 'Try another search.' : 'Create the first community for a client organisation.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Communities">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Community</Table.Th>
                    <Table.Th w={120}>Members</Table.Th>
                    <Table.Th w={150}>Created</Table.Th>
                    <Table.Th w={56} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <Avatar radius="md" color="indigo" variant="light">
                            {c.name.slice(0, 2).toUpperCase()}
                          </Avatar>
                          <div style={{ minWidth: 0 }}>
                            <Anchor component={Link} to={`/admin/communities/${c.id}`} fw={600} size="sm">
                              {c.name}
                            </Anchor>
                            {c.description ? (
                              <Text size="xs" c="dimmed" lineClamp={1}>
                                {c.description}
                              </Text>
                            ) : null}
                          </div>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.memberCount}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(c.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${c.name}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              leftSection={<IconExternalLink size={16} />}
                              onClick={() => void navigate(`/admin/communities/${c.id}`)}
                            >
                              Open
                            </Menu.Item>
                            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(c)}>
                              Edit
                            </Menu.Item>
                            <Menu.Divider />
                            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(c)}>
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
          <LoadMore query={list} spacing="md" />
        </QueryGate>
      </Card>

      {creating ? (
        <CommunityFormModal
          onClose={() => setCreating(false)}
          onCreated={(c) => void navigate(`/admin/communities/${c.id}`)}
        />
      ) : null}
      {editing ? <CommunityFormModal community={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDelete
        item={deleting}
        what="community"
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => `Deleted “${d.name}”.`}
        onClose={() => setDeleting(null)}
      >
        “{deleting?.name}” and its memberships will be deleted. People in it keep their accounts. This cannot be
        undone.
      </ConfirmDelete>
    </>
  );
}

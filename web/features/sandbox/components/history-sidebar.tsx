import { Box, Button, CloseButton, Loader, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMessageCircleSearch, IconMessages, IconPin, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useConversationList } from '../hooks/use-conversations.js';
import { groupConversations, type HistoryGroupKey } from '../lib/date-groups.js';
import { ConversationActions } from './conversation-actions.js';
import { pagedItems } from '../../../components/list/infinite-pages.js';

/** The search box writes `?q=` (debounced), so a search survives reloads and can be shared. */
function useSearchParam(): [string, string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [input, setInput] = useState(q);
  const [debounced] = useDebouncedValue(input.trim(), 300);
  const written = useRef(q);

  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  // Back/forward (or a link) changed ?q=: show it in the box.
  useEffect(() => {
    if (q === written.current) return;
    written.current = q;
    setInput(q);
  }, [q]);

  return [q, input, setInput];
}

export function HistorySidebar({ activeId, onNavigate }: { activeId: string | null; onNavigate?: () => void }) {
  const { t } = useTranslation('sandbox');
  const [q, input, setInput] = useSearchParam();
  const list = useConversationList(q);
  const navigate = useNavigate();
  const items = useMemo(() => pagedItems(list.data), [list.data]);
  const groups = useMemo(() => groupConversations(items), [items]);
  const search = q ? `?q=${encodeURIComponent(q)}` : '';
  const groupLabels: Record<HistoryGroupKey, string> = {
    pinned: t('history.groups.pinned'),
    today: t('history.groups.today'),
    yesterday: t('history.groups.yesterday'),
    week: t('history.groups.week'),
    older: t('history.groups.older'),
  };

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }} data-testid="history">
      <Button
        component={Link}
        to={{ pathname: '/sandbox', search }}
        onClick={onNavigate}
        leftSection={<IconPlus size={16} />}
        variant="light"
        fullWidth
      >
        {t('history.newChat')}
      </Button>
      <TextInput
        placeholder={t('history.search')}
        aria-label={t('history.search')}
        leftSection={<IconSearch size={16} />}
        rightSection={
          list.isFetching && q ? (
            <Loader size={14} />
          ) : input ? (
            <CloseButton size="sm" aria-label={t('history.clearSearch')} onClick={() => setInput('')} />
          ) : null
        }
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
      />
      <ScrollArea style={{ flex: 1, minHeight: 0 }} type="auto" offsetScrollbars scrollbarSize={6}>
        <QueryGate pending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
          {items.length === 0 ? (
            q ? (
              <EmptyState icon={<IconMessageCircleSearch size={22} />} title={t('history.noMatchesTitle')}>
                {t('history.noMatchesBody', { q })}
              </EmptyState>
            ) : (
              <EmptyState icon={<IconMessages size={22} />} title={t('history.emptyTitle')}>
                {t('history.emptyBody')}
              </EmptyState>
            )
          ) : (
            <Stack gap="md" pb="sm" aria-label={q ? t('history.matching', { q }) : t('frame.historyLabel')} role="list">
              {q ? (
                <Text size="xs" c="dimmed" px={6}>
                  {list.hasNextPage ? t('history.resultsMore', { count: items.length, q }) : t('history.results', { count: items.length, q })}
                </Text>
              ) : null}
              {groups.map((group) => (
                <Box key={group.key} data-testid={`history-group-${group.key}`}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px={6} mb={4} style={{ letterSpacing: 0.5 }}>
                    {groupLabels[group.key]}
                  </Text>
                  <Stack gap={1}>
                    {group.items.map((conversation) => (
                      <div
                        key={conversation.id}
                        role="listitem"
                        className="sandbox-history-item"
                        data-active={conversation.id === activeId || undefined}
                        data-testid="history-item"
                      >
                        <Box
                          component={Link}
                          to={{ pathname: `/sandbox/${conversation.id}`, search }}
                          onClick={onNavigate}
                          aria-current={conversation.id === activeId ? 'page' : undefined}
                          px={8}
                          py={6}
                          style={{ flex: 1, minWidth: 0, textDecoration: 'none', color: 'inherit' }}
                        >
                          <Text size="sm" fw={conversation.id === activeId ? 600 : 500} truncate>
                            {conversation.pinned ? (
                              <IconPin size={12} style={{ marginRight: 4, verticalAlign: -1 }} aria-label={t('history.pinned')} />
                            ) : null}
                            {conversation.title}
                          </Text>
                          {conversation.agentTitle ? (
                            // Dimmed grey is too faint on the active item's violet (axe: contrast).
                            <Text size="xs" c={conversation.id === activeId ? undefined : 'dimmed'} truncate>
                              {conversation.agentTitle}
                            </Text>
                          ) : null}
                        </Box>
                        <Box pr={4}>
                          <ConversationActions
                            conversation={conversation}
                            onDeleted={() => {
                              if (conversation.id === activeId) void navigate({ pathname: '/sandbox', search });
                            }}
                          />
                        </Box>
                      </div>
                    ))}
                  </Stack>
                </Box>
              ))}
              {list.hasNextPage ? (
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => void list.fetchNextPage()}
                  loading={list.isFetchingNextPage}
                >
                  {t('history.showOlder')}
                </Button>
              ) : null}
              {list.isFetchNextPageError ? (
                <Text size="xs" c="red" px={6}>
                  {t('history.olderFailed')}
                </Text>
              ) : null}
            </Stack>
          )}
        </QueryGate>
      </ScrollArea>
    </Stack>
  );
}

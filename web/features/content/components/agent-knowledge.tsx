import {
  ActionIcon,
  Badge,
  Button,
  FileButton,
  Group,
  Input,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUpload, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  KNOWLEDGE_FILE_MAX_BYTES,
  knowledgeFileExtensions,
  type AgentKnowledge,
  type KnowledgeFile,
} from '../../../../contracts/knowledge.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { useReason } from '../../../lib/failure-reason.js';
import { formatBytes } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getContent, listContent } from '../api/content-api.js';
import { getKnowledgeFile, listKnowledgeFiles, uploadKnowledgeFile } from '../api/knowledge-api.js';

type PickerKind = 'document' | 'video';
const POLL_MS = 1500;

/**
 * What an agent answers from: library documents and videos, uploaded files, and whether it answers
 * only from them. Saved with the agent as `details.knowledge`.
 */
export function AgentKnowledgeFields({ value, onChange }: { value: AgentKnowledge; onChange: (next: AgentKnowledge) => void }) {
  const { t } = useTranslation('content');
  return (
    <Stack gap="md" data-testid="agent-knowledge">
      <Input.Wrapper
        label={t('knowledge.label')}
        description={t('knowledge.hint')}
      >
        <Stack gap="md" mt="xs">
          <AttachedLibraryItems ids={value.contentIds} onRemove={(id) => onChange({ ...value, contentIds: value.contentIds.filter((x) => x !== id) })} />
          <LibraryPicker attached={value.contentIds} onAttach={(id) => onChange({ ...value, contentIds: [...value.contentIds, id] })} />
          <KnowledgeFiles
            ids={value.fileIds}
            onAdd={(id) => onChange({ ...value, fileIds: [...value.fileIds, id] })}
            onRemove={(id) => onChange({ ...value, fileIds: value.fileIds.filter((x) => x !== id) })}
          />
        </Stack>
      </Input.Wrapper>
      <Switch
        label={t('knowledge.strict')}
        description={t('knowledge.strictHint')}
        checked={value.strict}
        onChange={(e) => onChange({ ...value, strict: e.currentTarget.checked })}
      />
    </Stack>
  );
}

function AttachedLibraryItems({ ids, onRemove }: { ids: string[]; onRemove: (id: string) => void }) {
  const { t } = useTranslation('content');
  const items = useQueries({
    queries: ids.map((id) => ({ queryKey: queryKeys.content.detail(id), queryFn: ({ signal }: { signal: AbortSignal }) => getContent(id, signal), retry: false })),
  });
  if (ids.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('knowledge.noneAttached')}
      </Text>
    );
  }
  return (
    <Stack gap={6} component="ul" aria-label={t('knowledge.attachedItems')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {ids.map((id, i) => {
        const q = items[i];
        const item = q?.data;
        const visual = item ? kindVisual(item.kind) : null;
        const Icon = visual?.icon;
        const title = item ? item.title : q?.isError ? t('knowledge.itemGone') : t('common:status.loading');
        return (
          <Paper component="li" key={id} withBorder px="sm" py={6} radius="sm">
            <Group gap="xs" wrap="nowrap">
              {Icon ? <Icon size={16} aria-hidden style={{ flexShrink: 0 }} /> : null}
              <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                {title}
              </Text>
              {visual ? (
                <Badge size="xs" variant="light" color={visual.color}>
                  {visual.label}
                </Badge>
              ) : null}
              <ActionIcon variant="subtle" color="gray" aria-label={t('knowledge.remove', { name: item?.title ?? t('knowledge.item') })} onClick={() => onRemove(id)}>
                <IconX size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Search the library's documents or videos and attach them; paged with Load more. */
function LibraryPicker({ attached, onAttach }: { attached: string[]; onAttach: (id: string) => void }) {
  const { t } = useTranslation('content');
  const [kind, setKind] = useState<PickerKind>('document');
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 250);
  const filters = { kind, q: search || undefined, sort: 'title' as const };
  const results = useInfiniteQuery({
    queryKey: queryKeys.knowledge.picker(filters),
    queryFn: ({ pageParam, signal }) => listContent(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Paper withBorder p="sm" radius="sm">
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <SegmentedControl
            size="xs"
            aria-label={t('knowledge.libraryKind')}
            value={kind}
            onChange={(v) => setKind(v === 'video' ? 'video' : 'document')}
            data={[
              { value: 'document', label: t('knowledge.documents') },
              { value: 'video', label: t('knowledge.videos') },
            ]}
          />
          <TextInput
            size="xs"
            aria-label={t('knowledge.searchLibrary')}
            placeholder={kind === 'video' ? t('knowledge.searchVideos') : t('knowledge.searchDocuments')}
            leftSection={<IconSearch size={14} />}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 160 }}
          />
        </Group>
        {results.isPending ? (
          <Loader size="xs" aria-label={t('knowledge.loadingLibrary')} />
        ) : results.isError ? (
          <Text size="sm" c="red">
            {t('knowledge.libraryError')} {results.error.message}
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {search ? t('knowledge.noMatch', { search }) : kind === 'video' ? t('knowledge.noVideos') : t('knowledge.noDocuments')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" aria-label={t('knowledge.results')} style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 240, overflowY: 'auto' }}>
            {items.map((item) => {
              const isAttached = attached.includes(item.id);
              return (
                <Group component="li" key={item.id} gap="xs" wrap="nowrap" justify="space-between">
                  <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                    {item.title}
                    {item.status !== 'published' ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {t(`status.${item.status}`)}
                      </Text>
                    ) : null}
                  </Text>
                  <Button size="compact-xs" variant="light" disabled={isAttached} onClick={() => onAttach(item.id)} aria-label={t('knowledge.attachName', { name: item.title })} style={{ flexShrink: 0 }}>
                    {isAttached ? t('knowledge.attached') : t('knowledge.attach')}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        )}
        {results.hasNextPage ? (
          <Group>
            <Button size="compact-xs" variant="subtle" loading={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
              {t('loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

const accept = knowledgeFileExtensions.join(',');

/** Uploaded files: upload, status while they are read (polled until ready or failed), remove. */
function KnowledgeFiles({ ids, onAdd, onRemove }: { ids: string[]; onAdd: (id: string) => void; onRemove: (id: string) => void }) {
  const { t } = useTranslation('content');
  const queryClient = useQueryClient();
  const [tooBig, setTooBig] = useState<string | null>(null);
  const list = useQuery({
    queryKey: queryKeys.knowledge.files(ids),
    queryFn: ({ signal }) => listKnowledgeFiles(ids, signal),
    enabled: ids.length > 0,
    placeholderData: (previous) => previous,
  });
  const known = new Map((list.data ?? []).map((f) => [f.id, f]));
  // Each file still being read is polled on its own until it is ready or failed.
  const details = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.knowledge.file(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getKnowledgeFile(id, signal),
      enabled: queryClient.getQueryData<KnowledgeFile>(queryKeys.knowledge.file(id))?.status === 'processing' || known.get(id)?.status === 'processing',
      refetchInterval: (query: { state: { data?: KnowledgeFile | undefined } }) => (query.state.data?.status === 'processing' ? POLL_MS : false),
    })),
  });
  const files = ids.map((id, i) => details[i]?.data ?? known.get(id) ?? null);

  const upload = useMutation({
    mutationFn: uploadKnowledgeFile,
    onSuccess: (file) => {
      queryClient.setQueryData(queryKeys.knowledge.file(file.id), file);
      onAdd(file.id);
    },
  });

  const pick = (file: File | null) => {
    setTooBig(null);
    if (!file) return;
    if (file.size > KNOWLEDGE_FILE_MAX_BYTES) {
      setTooBig(t('knowledge.tooBig', { name: file.name, size: formatBytes(file.size) }));
      return;
    }
    upload.mutate(file);
  };

  return (
    <Stack gap="xs">
      {ids.length > 0 ? (
        <Stack gap={6} component="ul" aria-label={t('knowledge.attachedFiles')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {ids.map((id, i) => {
            const file = files[i];
            return (
              <Paper component="li" key={id} withBorder px="sm" py={6} radius="sm">
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {file ? file.name : list.isError ? t('knowledge.fileGone') : t('common:status.loading')}
                    </Text>
                    {file ? <FileStatus file={file} /> : null}
                  </Stack>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('knowledge.remove', { name: file?.name ?? t('knowledge.file') })} onClick={() => onRemove(id)}>
                    <IconX size={16} />
                  </ActionIcon>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      ) : null}
      <Group gap="xs">
        <FileButton onChange={pick} accept={accept}>
          {(props) => (
            <Button {...props} size="xs" variant="default" leftSection={<IconUpload size={14} />} loading={upload.isPending}>
              {t('knowledge.upload')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {t('knowledge.formats')}
        </Text>
      </Group>
      {tooBig ? (
        <Text size="sm" c="red" role="alert">
          {tooBig}
        </Text>
      ) : upload.isError ? (
        <Text size="sm" c="red" role="alert">
          {upload.error.message}
        </Text>
      ) : null}
    </Stack>
  );
}

function FileStatus({ file }: { file: KnowledgeFile }) {
  const { t } = useTranslation('content');
  const reason = useReason();
  if (file.status === 'processing') {
    return (
      <Group gap={6}>
        <Loader size={12} />
        <Text size="xs" c="dimmed">
          {t('knowledge.reading')}
        </Text>
      </Group>
    );
  }
  if (file.status === 'failed') {
    return (
      <Text size="xs" c="red">
        {t('knowledge.readFailed', { reason: file.error ? reason(file.error) : t('knowledge.unknownReason') })}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      <Badge size="xs" color="green" variant="light">
        {t('knowledge.ready')}
      </Badge>
      <Text size="xs" c="dimmed">
        {formatBytes(file.sizeBytes)} · {t('knowledge.passages', { count: file.chunks })}
      </Text>
    </Group>
  );
}

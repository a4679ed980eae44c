import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  MultiSelect,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconCopy, IconDeviceFloppy, IconDots, IconTrash } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  createContentSchema,
  type ContentItem,
  type ContentKind,
  type ContentStatus,
} from '../../../../contracts/content.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { contentEtag, getContent } from '../api/content-api.js';
import { useContentItem, useDeleteContent, useDuplicateContent } from '../hooks/use-content.js';
import { EditConflictNotice, useEditConflict } from '../../../components/errors/edit-conflict-notice.js';
import { useSaveContent, useThumbnail } from '../hooks/use-save-content.js';
import {
  createPayload,
  draftFromItem,
  emptyDraft,
  issuesToFieldErrors,
  localErrors,
  serverFieldErrors,
  type DetailsDraft,
  type EditorDraft,
  type SharedDraft,
} from '../lib/editor-draft.js';
import { contentStatuses } from '../lib/kinds.js';
import { slugOf } from '../../../lib/content-kinds.js';
import { formatDateTime } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { AgentFields } from './agent-fields.js';
import { AutomationFields } from './automation-fields.js';
import { ContentStatusBadge } from './content-status-badge.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { ExerciseFields } from './exercise-fields.js';
import { PromptFields } from './prompt-fields.js';
import { ThumbnailField } from './thumbnail-field.js';
import { UnsavedChangesGuard } from './unsaved-changes-guard.js';
import { VideoFields } from './video-fields.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { EditorSection } from '../../../components/ui/editor-section.js';
import { ChoiceField } from '../../../components/ui/choice-field.js';
import { DANGER_TEXT } from '../../../lib/danger-text.js';

// tiptap is large: only the document editor loads it.
const DocumentFields = lazy(() => import('./document-fields.js').then((m) => ({ default: m.DocumentFields })));

/** /admin/content/:kind/new (no id) and /admin/content/:kind/:id. */
export function ContentEditor({ kind, id }: { kind: ContentKind; id: string | null }) {
  if (!id) return <EditorForm kind={kind} item={null} />;
  return <ExistingItemEditor kind={kind} id={id} />;
}

function ExistingItemEditor({ kind, id }: { kind: ContentKind; id: string }) {
  const { t } = useTranslation('content');
  const query = useContentItem(id);
  const notFound = isApiError(query.error) && query.error.status === 404;
  return (
    <QueryGate pending={query.isPending} error={notFound ? null : query.error} onRetry={() => void query.refetch()}>
      {notFound ? (
        <Card padding="xl">
          <Stack align="center" gap="xs" ta="center" data-testid="content-not-found">
            <Title order={2} fz={20}>
              {t('editor.notFoundTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('editor.notFoundBody')}
            </Text>
            <Button component={Link} to={`/admin/content/${slugOf(kind)}`} variant="default" mt="sm">
              {t('editor.backTo', { items: t(`kinds.${kind}.manyLower`) })}
            </Button>
          </Stack>
        </Card>
      ) : query.data ? (
        query.data.kind === kind ? (
          <EditorForm key={query.data.id} kind={kind} item={query.data} />
        ) : (
          <WrongKind item={query.data} />
        )
      ) : null}
    </QueryGate>
  );
}

function WrongKind({ item }: { item: ContentItem }) {
  const { t } = useTranslation('content');
  return (
    <Card padding="xl">
      <Stack align="center" gap="xs" ta="center">
        <Text>
          {t('editor.wrongKind', { title: item.title, aKind: t(`kinds.${item.kind}.aOne`) })}
        </Text>
        <Button component={Link} to={`/admin/content/${slugOf(item.kind)}/${item.id}`} variant="default">
          {t(`kinds.${item.kind}.openIn`)}
        </Button>
      </Stack>
    </Card>
  );
}

function EditorForm({ kind, item }: { kind: ContentKind; item: ContentItem | null }) {
  const { t } = useTranslation('content');
  const navigate = useNavigate();
  const one = t(`kinds.${kind}.oneLower`);
  const statusChoices: { value: ContentStatus; label: string }[] = contentStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }));
  const listPath = `/admin/content/${slugOf(kind)}`;
  const [draft, setDraft] = useState<EditorDraft>(() => (item ? draftFromItem(item) : emptyDraft(kind)));
  const [baseline, setBaseline] = useState(() => JSON.stringify(draft));
  const [pendingThumbnail, setPendingThumbnail] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(draft) !== baseline || pendingThumbnail !== null;

  // Read by the navigation guard at the moment of navigating.
  const dirtyRef = useRef(dirty);
  const leavingRef = useRef(false);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);
  const shouldBlock = useCallback(() => dirtyRef.current && !leavingRef.current, []);
  const leave = (to: string, replace = false) => {
    leavingRef.current = true;
    void navigate(to, { replace });
  };

  const queryClient = useQueryClient();
  const communities = useCommunityDirectory();
  const save = useSaveContent(item);
  // The version this form started from: a save over someone else's newer one is refused (412).
  const etagRef = useRef(item ? contentEtag(item.id) : undefined);
  const conflict = useEditConflict({
    save,
    draft,
    setDraft,
    fetchTheirs: async () => {
      if (!item) throw new Error(t('tryAgain'));
      const theirs = await getContent(item.id);
      queryClient.setQueryData(queryKeys.content.detail(theirs.id), theirs);
      etagRef.current = contentEtag(theirs.id);
      return draftFromItem(theirs);
    },
    onReloaded: (theirs) => setBaseline(JSON.stringify(theirs)),
    summary: (mine) => ({ title: mine.shared.title, description: mine.shared.description }),
    reloadFailedTitle: t('editor.reloadFailed'),
  });
  const thumbnail = useThumbnail(item?.id ?? '');
  const remove = useDeleteContent();
  const duplicate = useDuplicateContent();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const setShared = (patch: Partial<SharedDraft>) => setDraft((d) => ({ ...d, shared: { ...d.shared, ...patch } }));
  const setDetails = <T extends DetailsDraft>(patch: Partial<T>) =>
    setDraft((d) => ({ ...d, details: { ...d.details, ...patch } as DetailsDraft }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local = localErrors(draft);
    const parsed = createContentSchema.safeParse(createPayload(draft));
    const found = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)), ...local };
    setErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    save.mutate(
      { draft, thumbnail: item ? null : pendingThumbnail, ...(etagRef.current ? { ifMatch: etagRef.current } : {}) },
      {
        onSuccess: ({ item: saved, warning }) => {
          etagRef.current = contentEtag(saved.id);
          conflict.saved();
          if (warning) notifications.show({ color: 'orange', title: t('editor.savedWithProblem'), message: warning, autoClose: 8000 });
          else notifications.show({ color: 'teal', message: t('editor.saved', { title: saved.title }) });
          if (!item) {
            leave(`${listPath}/${saved.id}`, true);
            return;
          }
          // Keep what was typed; it is now the saved state.
          setBaseline(JSON.stringify(draft));
        },
        onError: (error) => {
          if (isApiError(error)) setErrors(serverFieldErrors(error.details));
        },
      },
    );
  };

  const d = draft.details;
  const title = draft.shared.title.trim() || (item ? item.title : t(`kinds.${kind}.new`));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('editor.label', { kind: t(`kinds.${kind}.one`) })}>
      <UnsavedChangesGuard when={shouldBlock} />
      <Group justify="space-between" align="flex-end" mb="lg" gap="md" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Anchor component={Link} to={listPath} size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} /> {t(`kinds.${kind}.many`)}
          </Anchor>
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <KindIcon kind={kind} size={24} />
            <Title order={1} fz={{ base: 22, sm: 26 }} fw={700} lineClamp={1} style={{ letterSpacing: '-0.01em' }}>
              {title}
            </Title>
            {item ? <ContentStatusBadge status={item.status} /> : null}
          </Group>
          <Text size="xs" c="dimmed">
            {item
              ? `${t('editor.lastSaved', { date: formatDateTime(item.updatedAt) })}${dirty ? ` · ${t('editor.unsavedChanges')}` : ''}`
              : dirty
                ? t('editor.notSavedYet')
                : t(`kinds.${kind}.fillIn`)}
          </Text>
        </Stack>
        <Group gap="sm">
          {item ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" rightSection={<IconDots size={16} />}>
                  {t('editor.more')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconCopy size={16} />}
                  onClick={() =>
                    duplicate.mutate(item.id, {
                      onSuccess: (copy) => {
                        notifications.show({ color: 'teal', message: t('duplicated', { title: copy.title }) });
                        void navigate(`${listPath}/${copy.id}`);
                      },
                      onError: (e) => notifications.show({ color: 'red', title: t('notDuplicated'), message: e.message }),
                    })
                  }
                >
                  {t('actions.duplicate')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color={DANGER_TEXT} leftSection={<IconTrash size={16} />} onClick={() => setConfirmingDelete(true)}>
                  {t('common:actions.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          ) : null}
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} />}>
            {item ? t('editor.saveChanges') : t('editor.create', { kind: one })}
          </Button>
        </Group>
      </Group>

      {conflict.shown ? (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <EditConflictNotice {...conflict.notice} />
        </div>
      ) : save.error ? (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <ErrorAlert error={save.error} title={t('editor.notSaved')} />
        </div>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <EditorSection title={t('editor.basics')}>
              <Stack gap="md">
                <TextInput
                  label={t('editor.title')}
                  placeholder={t(`kinds.${kind}.namePlaceholder`)}
                  value={draft.shared.title}
                  onChange={(e) => setShared({ title: e.currentTarget.value })}
                  error={errors.title}
                  required
                  data-autofocus
                />
                <Textarea
                  label={t('editor.description')}
                  description={t('editor.descriptionHint')}
                  value={draft.shared.description}
                  onChange={(e) => setShared({ description: e.currentTarget.value })}
                  error={errors.description}
                  autosize
                  minRows={2}
                  maxRows={6}
                />
              </Stack>
            </EditorSection>
            <EditorSection title={t(`kinds.${kind}.section`)}>
              {d.kind === 'agent' ? (
                <AgentFields value={d} onChange={setDetails} errors={errors} savedId={item?.id ?? null} />
              ) : d.kind === 'video' ? (
                <VideoFields value={d} onChange={setDetails} errors={errors} />
              ) : d.kind === 'document' ? (
                <Suspense fallback={<Text size="sm" c="dimmed">{t('editor.loadingEditor')}</Text>}>
                  <DocumentFields value={d} onChange={setDetails} errors={errors} />
                </Suspense>
              ) : d.kind === 'prompt' ? (
                <PromptFields value={d} onChange={setDetails} errors={errors} />
              ) : d.kind === 'exercise' ? (
                <ExerciseFields value={d} onChange={setDetails} errors={errors} savedId={item?.id ?? null} />
              ) : (
                <AutomationFields value={d} onChange={setDetails} errors={errors} />
              )}
            </EditorSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <EditorSection title={t('editor.publishing')} description={t('editor.publishingHint')}>
              <Stack gap="md">
                <ChoiceField fullWidth label={t('columns.status')} choices={statusChoices} value={draft.shared.status} onChange={(status) => setShared({ status })} />
                <MultiSelect
                  label={t('columns.communities')}
                  placeholder={draft.shared.communityIds.length === 0 ? t('notAssigned') : undefined}
                  data={communityOptions(communities.data)}
                  value={draft.shared.communityIds}
                  onChange={(communityIds) => setShared({ communityIds: [...communityIds].sort() })}
                  searchable
                  clearable
                  nothingFoundMessage={t('assign.noMatch')}
                  error={errors.communityIds ?? (communities.error ? communities.error.message : undefined)}
                />
                <TagsInput
                  label={t('columns.tags')}
                  description={t('editor.tagsHint')}
                  placeholder={draft.shared.tags.length === 0 ? t('editor.tagsPlaceholder') : undefined}
                  value={draft.shared.tags}
                  onChange={(tags) => setShared({ tags: [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))] })}
                  error={errors.tags}
                  maxTags={20}
                  splitChars={[',']}
                  clearable
                />
              </Stack>
            </EditorSection>
            <EditorSection title={t('editor.thumbnail')} description={item ? t('editor.thumbnailHintSaved') : t('editor.thumbnailHintNew')}>
              <ThumbnailField
                url={item?.thumbnailUrl ?? null}
                file={item ? (thumbnail.upload.isPending ? (thumbnail.upload.variables ?? null) : null) : pendingThumbnail}
                uploading={thumbnail.upload.isPending || thumbnail.remove.isPending}
                error={(thumbnail.upload.error ?? thumbnail.remove.error)?.message}
                onFile={(file) => {
                  if (!item) {
                    setPendingThumbnail(file);
                    return;
                  }
                  thumbnail.remove.reset();
                  thumbnail.upload.mutate(file, {
                    onSuccess: () => notifications.show({ color: 'teal', message: t('editor.thumbnailSaved') }),
                  });
                }}
                onRemove={() => {
                  if (!item) {
                    setPendingThumbnail(null);
                    return;
                  }
                  thumbnail.upload.reset();
                  thumbnail.remove.mutate();
                }}
              />
            </EditorSection>
          </Stack>
        </Grid.Col>
      </Grid>

      <ConfirmModal
        opened={confirmingDelete}
        title={t('editor.deleteTitle')}
        confirmLabel={t('editor.deleteConfirm', { kind: one })}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => {
          setConfirmingDelete(false);
          remove.reset();
        }}
        onConfirm={() => {
          if (!item) return;
          remove.mutate(item.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: t('editor.deleted', { title: item.title }) });
              leave(listPath, true);
            },
          });
        }}
      >
        {t('editor.deleteBody', { title: item?.title ?? '' })}
      </ConfirmModal>
    </form>
  );
}

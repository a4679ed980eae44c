import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.js';
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconClock, IconLibrary } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ContentItem } from '../../../../contracts/content.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { useLibraryItem, useRecordProgress } from '../hooks/use-library.js';
import { AgentView } from './agent-view.js';
import { ExerciseView } from './exercise-view.js';
import { AutomationView } from './automation-view.js';
import { DocumentReader } from './document-reader.js';
import { PromptView } from './prompt-view.js';
import { VideoPlayer } from './video-player.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { kindVisual } from '../../../lib/content-kinds.js';

function BackLink() {
  const { t } = useTranslation('library');
  return (
    <Anchor component={Link} to="/library" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} /> {t('title')}
    </Anchor>
  );
}

/** Which switchable features the reader has, so the item offers only those. */
export interface LibraryOffers {
  sandbox: boolean;
  exercises: boolean;
}

export function LibraryItem({ id, offers }: { id: string; offers: LibraryOffers }) {
  const { t } = useTranslation('library');
  const query = useLibraryItem(id);
  const notFound = isApiError(query.error) && query.error.status === 404;
  if (notFound) {
    return (
      <Stack gap="md">
        <BackLink />
        <Card padding="xl" data-testid="library-not-found">
          <EmptyState icon={<IconLibrary size={24} />} title={t('item.notFoundTitle')}>
            {t('item.notFoundBody')}
          </EmptyState>
          <Group justify="center">
            <Button component={Link} to="/library" variant="default">
              {t('item.backToLibrary')}
            </Button>
          </Group>
        </Card>
      </Stack>
    );
  }
  return (
    <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
      {query.data ? <ItemView item={query.data} offers={offers} /> : null}
    </QueryGate>
  );
}

function ItemView({ item, offers }: { item: ContentItem; offers: LibraryOffers }) {
  const { t } = useTranslation('library');
  const progress = useRecordProgress(item.id);
  const { mutate } = progress;
  const viewedOnce = useRef(false);
  // Videos and documents count as viewed when opened: one record per visit.
  useEffect(() => {
    if (viewedOnce.current || (item.kind !== 'video' && item.kind !== 'document')) return;
    viewedOnce.current = true;
    mutate('viewed');
  }, [item.kind, mutate]);

  const completed = Boolean(item.progress?.completedAt);
  const toggleComplete = () =>
    progress.mutate(completed ? 'uncompleted' : 'completed', {
      onError: (e) => notifications.show({ color: 'red', title: t('item.progressNotSaved'), message: e.message }),
    });

  const meta =
    item.kind === 'document'
      ? t('item.documentMeta', { minutes: formatNumber(item.details.readingMinutes), words: formatNumber(item.details.wordCount) })
      : item.kind === 'video' && item.details.durationSeconds
        ? t('item.videoMeta', { minutes: formatNumber(Math.max(1, Math.round(item.details.durationSeconds / 60))) })
        : null;

  return (
    <Stack gap="lg" maw={item.kind === 'document' ? 820 : 1040}>
      <Stack gap={6}>
        <BackLink />
        <Group gap="xs">
          <Badge
            variant="light"
            color={kindVisual(item.kind).color}
            tt="none"
            radius="sm"
            leftSection={<KindIcon kind={item.kind} size={12} />}
          >
            {kindVisual(item.kind).label}
          </Badge>
          {meta ? (
            <Group gap={4} c="dimmed">
              <IconClock size={14} />
              <Text size="xs">{meta}</Text>
            </Group>
          ) : null}
        </Group>
        <Title order={1} fz={{ base: 24, sm: 30 }} style={{ letterSpacing: '-0.01em' }}>
          {item.title}
        </Title>
        {item.description ? (
          <Text c="dimmed" maw={720}>
            {item.description}
          </Text>
        ) : null}
      </Stack>

      {item.kind === 'video' ? (
        <VideoPlayer details={item.details} title={item.title} />
      ) : item.kind === 'document' ? (
        <Card padding="xl">
          <DocumentReader html={item.details.bodyHtml} />
        </Card>
      ) : (
        <Card padding="lg">
          {item.kind === 'prompt' ? (
            <PromptView id={item.id} details={item.details} progress={item.progress} sandbox={offers.sandbox} />
          ) : item.kind === 'agent' ? (
            <AgentView id={item.id} details={item.details} sandbox={offers.sandbox} />
          ) : item.kind === 'exercise' ? (
            <ExerciseView id={item.id} details={item.details} practise={offers.exercises} />
          ) : (
            <AutomationView details={item.details} />
          )}
        </Card>
      )}

      {item.kind === 'video' && item.details.transcript ? (
        <Card padding="lg">
          <Title order={2} fz="sm" fw={650} mb="xs">
            {t('item.transcript')}
          </Title>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {item.details.transcript}
          </Text>
        </Card>
      ) : null}

      <Card padding="md" data-testid="progress-panel">
        <Group justify="space-between" gap="sm" wrap="wrap">
          {completed ? (
            <Group gap="xs">
              <Badge color="teal" size="lg" variant="light" tt="none" leftSection={<IconCircleCheck size={14} />}>
                {t('item.completed')}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('item.niceWork')}
              </Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('item.markHint', { kind: kindVisual(item.kind).label.toLowerCase() })}
            </Text>
          )}
          {completed ? (
            <Button variant="subtle" color="gray" onClick={toggleComplete} loading={progress.isPending && progress.variables === 'uncompleted'}>
              {t('item.undo')}
            </Button>
          ) : (
            <Button
              // teal.9: white text on the theme's teal.7 is 3:1, under WCAG AA (axe).
              color="teal.9"
              leftSection={<IconCircleCheck size={16} />}
              onClick={toggleComplete}
              loading={progress.isPending && progress.variables === 'completed'}
            >
              {t('item.markComplete')}
            </Button>
          )}
        </Group>
      </Card>
    </Stack>
  );
}

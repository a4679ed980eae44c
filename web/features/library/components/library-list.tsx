import { useTranslation } from 'react-i18next';
import {
  AspectRatio,
  Badge,
  Box,
  Card,
  Center,
  Group,
  Image,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheckFilled, IconLibrary, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { contentKindSchema, type ContentSummary } from '../../../../contracts/content.js';
import type { CalibrationState } from '../../../../contracts/exercises.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useLibraryList } from '../hooks/use-library.js';
import { InfinitePages, pagedItems } from '../../../components/list/infinite-pages.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { CalibrationStateBadge, useCalibrationStates } from '../../../components/content/calibration-state-badge.js';


/** `showCalibration`: admins see where each graded exercise's calibration stands (ADR 0035). */
export function LibraryList({ showCalibration = false }: { showCalibration?: boolean }) {
  const { t } = useTranslation('library');
  const tabs = [{ value: 'all', label: t('all') }, ...contentKindSchema.options.map((kind) => ({ value: kind, label: kindVisual(kind).plural }))];
  const [params, setParams] = useSearchParams();
  const kind = contentKindSchema.safeParse(params.get('kind')).data;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useLibraryList({ kind, q: q || undefined });
  const calibrations = useCalibrationStates(showCalibration);
  const items = pagedItems(list.data);
  const filtered = Boolean(kind || q);

  const setKind = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === 'all') next.delete('kind');
        else next.set('kind', value);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Group gap="sm" mb="lg" wrap="wrap" justify="space-between">
        <SegmentedControl
          data={tabs}
          value={kind ?? 'all'}
          onChange={setKind}
          aria-label={t('kindFilter')}
          radius="md"
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        <TextInput
          placeholder={t('search')}
          aria-label={t('search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 220px', maxWidth: 340 }}
        />
      </Group>
      <QueryGate pending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
        {items.length === 0 ? (
          <Card padding="xl" data-testid="library-empty">
            <EmptyState
              icon={<IconLibrary size={24} />}
              title={filtered ? t('noMatchTitle') : t('emptyTitle')}
            >
              {filtered
                ? t('noMatchBody')
                : t('emptyBody')}
            </EmptyState>
          </Card>
        ) : (
          <SimpleGrid
            cols={{ base: 1, xs: 2, md: 3, xl: 4 }}
            spacing="md"
            data-testid="library-grid"
            aria-busy={list.isPlaceholderData}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
          >
            {items.map((item) => (
              <LibraryCard key={item.id} item={item} calibration={calibrations.get(item.id)} />
            ))}
          </SimpleGrid>
        )}
        <InfinitePages query={list} spacing="lg" />
      </QueryGate>
    </>
  );
}

function LibraryCard({ item, calibration }: { item: ContentSummary; calibration: CalibrationState | undefined }) {
  const { t } = useTranslation('library');
  const completed = Boolean(item.progress?.completedAt);
  return (
    <Card
      component={Link}
      to={`/library/${item.id}`}
      padding={0}
      className="hover-lift"
      // No aria-label: the card's own text names the link, so what is seen is what a voice-control
      // user says (axe label-content-name-mismatch, issue 25).
      data-testid={`library-card-${item.title}`}
      style={{ display: 'flex', flexDirection: 'column' }}
    >
      <Box pos="relative">
        <AspectRatio ratio={16 / 9}>
          {item.thumbnailUrl ? (
            <Image src={item.thumbnailUrl} alt="" fit="cover" />
          ) : (
            <Center style={{ background: kindVisual(item.kind).gradient, color: 'white' }} aria-hidden>
              <KindIcon kind={item.kind} size={44} />
            </Center>
          )}
        </AspectRatio>
        {completed ? (
          <Badge
            pos="absolute"
            top={10}
            right={10}
            color="teal"
            variant="default"
            tt="none"
            leftSection={<IconCircleCheckFilled size={12} />}
          >
            {t('completed')}
          </Badge>
        ) : null}
      </Box>
      <Stack gap={6} p="md" style={{ flex: 1 }}>
        <Group gap={6}>
          <Badge
            variant="light"
            color={kindVisual(item.kind).color}
            tt="none"
            radius="sm"
            leftSection={<KindIcon kind={item.kind} size={12} />}
          >
            {kindVisual(item.kind).label}
          </Badge>
          <CalibrationStateBadge state={calibration} />
          {!completed && item.progress?.viewedAt ? (
            <Text size="xs" c="dimmed">
              {t('opened')}
            </Text>
          ) : null}
        </Group>
        <Text fw={650} lineClamp={2} lh={1.3}>
          {item.title}
        </Text>
        {item.description ? (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {item.description}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

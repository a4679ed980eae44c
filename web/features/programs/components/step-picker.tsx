import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentKind, ContentSummary } from '../../../../contracts/content.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { KindThemeIcon } from '../../../components/ui/kind-icon.js';
import { kindFilterOptions, kindFromSlug, kindVisual, slugOf } from '../../../lib/content-kinds.js';
import { useStepSearch } from '../hooks/use-programs.js';
import { ToneBadge } from './program-bits.js';

/** Search every kind of content (exercises included) and add one as the next step. Keyboard first: a list of buttons. */
export function StepPicker({ added, onAdd }: { added: ReadonlySet<string>; onAdd: (item: ContentSummary) => void }) {
  const { t } = useTranslation('programs');
  const [search, setSearch] = useState('');
  const [kindSlug, setKindSlug] = useState<string | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const kind: ContentKind | null = kindFromSlug(kindSlug ?? undefined);
  const results = useStepSearch(q, kind);

  return (
    <Paper withBorder p="md" radius="md" data-testid="step-picker">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {t('picker.title')}
        </Text>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput
            style={{ flex: '1 1 220px' }}
            aria-label={t('picker.searchLabel')}
            placeholder={t('picker.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Select
            w={{ base: '100%', xs: 180 }}
            aria-label={t('picker.kindLabel')}
            placeholder={t('picker.allKinds')}
            data={kindFilterOptions.map((o) => ({ value: slugOf(o.value), label: o.label }))}
            value={kindSlug}
            onChange={setKindSlug}
            clearable
          />
        </Group>
        {results.error ? (
          <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
        ) : results.isPending ? (
          <Text size="sm" c="dimmed">
            {t('picker.searching')}
          </Text>
        ) : results.data && results.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('picker.nothing')}
          </Text>
        ) : (
          <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('picker.results')} aria-busy={results.isPlaceholderData}>
            {(results.data ?? []).map((item) => {
              const already = added.has(item.id);
              return (
                <Group component="li" key={item.id} gap="sm" wrap="nowrap" align="flex-start" py={6} data-testid="picker-result">
                  <KindThemeIcon kind={item.kind} size={28} />
                  <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                    {/* Whole titles, wrapped: on a phone one line cut most of them, and two steps often differ only at the end. */}
                    <Text size="sm" fw={550} lh={1.3} style={{ overflowWrap: 'anywhere' }} data-testid="picker-title">
                      {item.title}
                    </Text>
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        {kindVisual(item.kind).label}
                      </Text>
                      {item.status === 'published' ? null : (
                        <ToneBadge size="xs" color="gray">
                          {t(`status.${item.status}`)}
                        </ToneBadge>
                      )}
                    </Group>
                  </Stack>
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    disabled={already}
                    onClick={() => onAdd(item)}
                    aria-label={already ? t('picker.alreadyAdded', { title: item.title }) : t('picker.add', { title: item.title })}
                    style={{ flexShrink: 0 }}
                  >
                    {already ? t('picker.added') : t('picker.addShort')}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

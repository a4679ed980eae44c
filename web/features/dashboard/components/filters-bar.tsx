import { useTranslation } from 'react-i18next';
import { Card, Group, SegmentedControl, Select, Text, TextInput } from '@mantine/core';
import { IconBuildingCommunity, IconCalendar } from '@tabler/icons-react';
import { type DashboardFilters, type FiltersPatch, type RangePreset, rangePresets } from '../lib/date-range.js';
import { formatLongDay } from '../../../lib/format.js';

export interface CommunityOption {
  value: string;
  label: string;
}

const ALL = 'all';

export function FiltersBar({
  filters,
  onChange,
  communities,
  allLabel,
}: {
  filters: DashboardFilters;
  onChange: (patch: FiltersPatch, options?: { replace?: boolean }) => void;
  /** Null hides the community select (a manager of a single community). */
  communities: CommunityOption[] | null;
  allLabel: string;
}) {
  const { t } = useTranslation('dashboard');
  const known = communities?.some((c) => c.value === filters.communityId) ?? false;
  const options = [{ value: ALL, label: allLabel }, ...(communities ?? [])];
  // A community from the URL that is not (yet) in the list still shows, rather than a blank select.
  if (filters.communityId && !known) options.push({ value: filters.communityId, label: t('filters.selectedCommunity') });
  return (
    <Card padding="sm" data-testid="dashboard-filters">
      <Group gap="md" wrap="wrap" align="flex-end">
        <div>
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            {t('filters.period')}
          </Text>
          <SegmentedControl
            size="sm"
            aria-label={t('filters.period')}
            value={filters.preset}
            onChange={(value) => onChange({ preset: value as RangePreset })}
            data={[...rangePresets.map((p) => ({ value: p.value, label: t('filters.days', { count: p.days }) })), { value: 'custom', label: t('filters.custom') }]}
          />
        </div>
        {filters.preset === 'custom' ? (
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              type="date"
              size="sm"
              label={t('filters.from')}
              value={filters.from}
              max={filters.to}
              onChange={(e) => e.currentTarget.value && onChange({ from: e.currentTarget.value }, { replace: true })}
              error={filters.error ? true : undefined}
              leftSection={<IconCalendar size={16} />}
              w={170}
            />
            <TextInput
              type="date"
              size="sm"
              label={t('filters.to')}
              value={filters.to}
              min={filters.from}
              onChange={(e) => e.currentTarget.value && onChange({ to: e.currentTarget.value }, { replace: true })}
              error={filters.error ?? undefined}
              leftSection={<IconCalendar size={16} />}
              w={170}
            />
          </Group>
        ) : (
          <Text size="sm" c="dimmed" pb={8} data-testid="range-label">
            {formatLongDay(filters.from)} – {formatLongDay(filters.to)}
          </Text>
        )}
        {communities ? (
          <Select
            size="sm"
            label={t('filters.community')}
            aria-label={t('filters.community')}
            data={options}
            value={filters.communityId ?? ALL}
            onChange={(value) => onChange({ communityId: !value || value === ALL ? null : value })}
            allowDeselect={false}
            leftSection={<IconBuildingCommunity size={16} />}
            w={260}
            ml={{ sm: 'auto' }}
            comboboxProps={{ withinPortal: true }}
          />
        ) : null}
      </Group>
    </Card>
  );
}

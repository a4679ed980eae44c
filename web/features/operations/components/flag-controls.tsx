import { Group, MultiSelect, Slider, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../../../contracts/flags.js';
import { formatPercent } from '../../../lib/format.js';

export interface CommunityOption {
  value: string;
  label: string;
}

export function FlagSwitch({ flag, onChange }: { flag: Flag; onChange: (enabled: boolean) => void }) {
  const { t } = useTranslation('operations');
  return (
    <Switch
      checked={flag.enabled}
      onChange={(e) => onChange(e.currentTarget.checked)}
      aria-label={t('flags.enable', { key: flag.key })}
      // The primary colour: white "ON" on teal-7 reads 3.1:1, on violet-7 5.5:1.
      size="md"
      onLabel={t('flags.on')}
      offLabel={t('flags.off')}
    />
  );
}

/** The slider moves freely while dragged; one change is saved when it is let go. */
export function FlagRollout({
  flag,
  onCommit,
}: {
  flag: Flag;
  onCommit: (rolloutPercentage: number) => void;
}) {
  const { t } = useTranslation('operations');
  const [dragging, setDragging] = useState<number | null>(null);
  const value = dragging ?? flag.rolloutPercentage;
  return (
    <Group gap="sm" wrap="nowrap">
      <Slider
        value={value}
        onChange={setDragging}
        onChangeEnd={(next) => {
          setDragging(null);
          if (next !== flag.rolloutPercentage) onCommit(next);
        }}
        min={0}
        max={100}
        step={5}
        label={(v) => formatPercent(v / 100)}
        size="sm"
        w={100}
        color={flag.enabled ? undefined : 'gray'}
        thumbLabel={t('flags.rolloutOf', { key: flag.key })}
      />
      <Text size="sm" fw={500} w={40} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatPercent(value / 100)}
      </Text>
    </Group>
  );
}

/** Communities whose members get the flag; none selected means everyone. */
export function FlagCommunities({
  flag,
  options,
  loading,
  onChange,
}: {
  flag: Flag;
  options: CommunityOption[];
  loading: boolean;
  onChange: (communityIds: string[]) => void;
}) {
  const { t } = useTranslation('operations');
  // A targeted community that is not among the loaded options (deleted, or past the first 100)
  // still shows up, so saving never drops it silently.
  const known = new Set(options.map((o) => o.value));
  const data = [
    ...options,
    ...flag.communityIds.filter((id) => !known.has(id)).map((id) => ({ value: id, label: t('flags.communityId', { id: id.slice(0, 8) }) })),
  ];
  return (
    <MultiSelect
      aria-label={t('flags.communitiesFor', { key: flag.key })}
      placeholder={flag.communityIds.length === 0 ? (loading ? t('common:status.loading') : t('flags.everyone')) : undefined}
      data={data}
      value={flag.communityIds}
      onChange={onChange}
      searchable
      clearable
      hidePickedOptions
      nothingFoundMessage={loading ? t('flags.loadingCommunities') : t('flags.noCommunity')}
      maxDropdownHeight={260}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}

import { Group, MultiSelect, Slider, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import type { Flag } from '../../../../contracts/flags.js';

export interface CommunityOption {
  value: string;
  label: string;
}

export function FlagSwitch({ flag, onChange }: { flag: Flag; onChange: (enabled: boolean) => void }) {
  return (
    <Switch
      checked={flag.enabled}
      onChange={(e) => onChange(e.currentTarget.checked)}
      aria-label={`Enable ${flag.key}`}
      // The primary colour: white "ON" on teal-7 reads 3.1:1, on violet-7 5.5:1.
      size="md"
      onLabel="ON"
      offLabel="OFF"
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
        label={(v) => `${v}%`}
        size="sm"
        w={100}
        color={flag.enabled ? undefined : 'gray'}
        thumbLabel={`Rollout of ${flag.key}`}
      />
      <Text size="sm" fw={500} w={40} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}%
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
  // A targeted community that is not among the loaded options (deleted, or past the first 100)
  // still shows up, so saving never drops it silently.
  const known = new Set(options.map((o) => o.value));
  const data = [
    ...options,
    ...flag.communityIds.filter((id) => !known.has(id)).map((id) => ({ value: id, label: `Community ${id.slice(0, 8)}…` })),
  ];
  return (
    <MultiSelect
      aria-label={`Communities for ${flag.key}`}
      placeholder={flag.communityIds.length === 0 ? (loading ? 'Loading…' : 'Everyone') : undefined}
      data={data}
      value={flag.communityIds}
      onChange={onChange}
      searchable
      clearable
      hidePickedOptions
      nothingFoundMessage={loading ? 'Loading communities…' : 'No community found'}
      maxDropdownHeight={260}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}

import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personLabel, usePeopleSearch } from '../../../lib/directory.js';

/** A searchable user select backed by GET /api/users?q=. */
export function UserPicker({
  value,
  onChange,
  exclude,
  label,
  error,
}: {
  value: string | null;
  onChange: (userId: string | null) => void;
  exclude: ReadonlySet<string>;
  label?: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation('admin');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = usePeopleSearch(q);
  const options = (users.data ?? [])
    .filter((u) => !exclude.has(u.id))
    .map((u) => ({ value: u.id, label: personLabel(u) }));

  return (
    <Select
      label={label ?? t('picker.label')}
      placeholder={t('picker.placeholder')}
      searchable
      clearable
      data={options}
      value={value}
      onChange={(v) => onChange(v)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={users.isFetching ? t('picker.searching') : users.error ? t('picker.loadError') : t('picker.nobody')}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personLabel, usePeopleSearch } from '../../../lib/directory.js';

interface Option {
  value: string;
  label: string;
}

/** A searchable person picker backed by GET /api/users?q=. */
export function ActorSelect({ value, onChange }: { value: string | null; onChange: (userId: string | null) => void }) {
  const { t } = useTranslation('operations');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // The chosen person stays an option while the search shows others, or Select would blank it.
  const [chosen, setChosen] = useState<Option | null>(null);
  const users = usePeopleSearch(q);
  const found = (users.data ?? []).map((u) => ({ value: u.id, label: personLabel(u) }));
  const data = chosen && value === chosen.value && !found.some((o) => o.value === chosen.value) ? [chosen, ...found] : found;

  return (
    <Select
      label={t('audit.actor')}
      placeholder={t('audit.anyone')}
      searchable
      clearable
      data={data}
      value={value}
      onChange={(next, option) => {
        setChosen(next && option ? { value: option.value, label: option.label } : null);
        onChange(next);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={users.isFetching ? t('searching') : users.error ? t('peopleError') : t('nobodyFound')}
      comboboxProps={{ withinPortal: true }}
      filter={({ options }) => options}
    />
  );
}

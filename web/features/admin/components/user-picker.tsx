import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listUsers } from '../api/users-api.js';

/** A searchable user select backed by GET /api/users?q=. */
export function UserPicker({
  value,
  onChange,
  exclude,
  label = 'Person',
  error,
}: {
  value: string | null;
  onChange: (userId: string | null) => void;
  exclude: ReadonlySet<string>;
  label?: string;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useQuery({
    queryKey: ['admin', 'users', 'picker', q],
    queryFn: ({ signal }) => listUsers({ q: q || undefined }, null, signal),
    placeholderData: (previous) => previous,
  });
  const options = (users.data?.items ?? [])
    .filter((u) => !exclude.has(u.id))
    .map((u) => ({ value: u.id, label: u.displayName ? `${u.displayName} — ${u.email}` : u.email }));

  return (
    <Select
      label={label}
      placeholder="Search by name or email"
      searchable
      clearable
      data={options}
      value={value}
      onChange={(v) => onChange(v)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={users.isFetching ? 'Searching…' : users.error ? 'Could not load people' : 'Nobody found'}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

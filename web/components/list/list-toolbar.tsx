import { Group, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface ListSearch {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  /** The accessible name, e.g. "Search users". */
  label: string;
}

/** Search on the left, filters after it, sort (or anything in `end`) pushed to the right. Wraps on phones. */
export function ListToolbar({ search, children, end }: { search?: ListSearch; children?: ReactNode; end?: ReactNode }) {
  return (
    <Group p="md" gap="sm" wrap="wrap" data-testid="list-toolbar">
      {search ? (
        <TextInput
          placeholder={search.placeholder}
          aria-label={search.label}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.value}
          onChange={(e) => search.onChange(e.currentTarget.value)}
          style={{ flex: '1 1 200px', maxWidth: 420 }}
        />
      ) : null}
      {children}
      {end ? <Group ml="auto" gap="sm">{end}</Group> : null}
    </Group>
  );
}

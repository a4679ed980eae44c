import { Autocomplete, Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hasAuditFilters, type AuditFilterValues } from '../lib/audit-filters.js';
import { ActorSelect } from './actor-select.js';

/** Entity types the filter offers; labels are `operations:audit.entity.<type>`. */
export const entityTypes = ['user', 'community', 'community_member', 'content', 'flag'] as const;

/** Prefixes the server records today; any other prefix can still be typed. */
const actionSuggestions = [
  'user.',
  'user.create',
  'user.invite',
  'user.update',
  'user.suspend',
  'user.reactivate',
  'user.delete',
  'user.import',
  'community.',
  'membership.',
  'content.',
  'content.publish',
  'content.assign',
  'flag.',
  'flag.create',
  'flag.update',
  'flag.delete',
];

export function AuditFiltersBar({
  value,
  onChange,
  rangeError,
}: {
  value: AuditFilterValues;
  onChange: (next: AuditFilterValues) => void;
  /** The range is reversed: both date fields turn red, the page explains why. */
  rangeError?: boolean;
}) {
  const { t } = useTranslation('operations');
  const set = <K extends keyof AuditFilterValues>(key: K, next: AuditFilterValues[K]) => onChange({ ...value, [key]: next });
  return (
    <Group p="md" gap="sm" align="flex-end" wrap="wrap">
      <div style={{ flex: '1 1 160px', maxWidth: 280 }}>
        <ActorSelect value={value.actorId} onChange={(id) => set('actorId', id)} />
      </div>
      <Autocomplete
        label={t('audit.action')}
        placeholder={t('audit.actionPlaceholder')}
        data={actionSuggestions}
        value={value.action}
        onChange={(next) => set('action', next)}
        w={170}
        limit={20}
        comboboxProps={{ withinPortal: true }}
        spellCheck={false}
        autoComplete="off"
      />
      <Select
        label={t('audit.entityLabel')}
        placeholder={t('audit.any')}
        data={entityTypes.map((type) => ({ value: type, label: t(`audit.entity.${type}`) }))}
        value={value.entityType}
        onChange={(next) => set('entityType', next)}
        clearable
        w={130}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label={t('audit.from')}
        type="date"
        value={value.from}
        onChange={(e) => set('from', e.currentTarget.value)}
        max={value.to || undefined}
        error={Boolean(rangeError)}
        w={140}
      />
      <TextInput
        label={t('audit.to')}
        type="date"
        value={value.to}
        onChange={(e) => set('to', e.currentTarget.value)}
        min={value.from || undefined}
        error={Boolean(rangeError)}
        w={140}
      />
      {hasAuditFilters(value) ? (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => onChange({ actorId: null, action: '', entityType: null, from: '', to: '' })}
        >
          {t('audit.clear')}
        </Button>
      ) : null}
    </Group>
  );
}

import { Badge, Box, Button, Code, Collapse, Group, Stack, Table, Text } from '@mantine/core';
import { IconArrowRight, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { diffAudit, formatDiffValue, isMultiline, type DiffChange } from '../lib/audit-diff.js';

const kindColor: Record<DiffChange['kind'], string> = { added: 'teal', removed: 'red', changed: 'blue' };

function Value({ value, tone }: { value: unknown; tone: 'old' | 'new' | 'plain' }) {
  const text = formatDiffValue(value);
  const color = tone === 'old' ? 'red' : tone === 'new' ? 'teal' : 'gray';
  const style = {
    background: tone === 'plain' ? undefined : `var(--mantine-color-${color}-light)`,
    color: tone === 'plain' ? undefined : `var(--mantine-color-${color}-light-color)`,
    textDecoration: tone === 'old' ? 'line-through' : undefined,
    textDecorationColor: tone === 'old' ? 'var(--mantine-color-red-4)' : undefined,
    wordBreak: 'break-word' as const,
  };
  if (isMultiline(value)) {
    return (
      <Code block fz="xs" style={{ ...style, textDecoration: undefined, maxHeight: 240, overflow: 'auto' }} data-tone={tone}>
        {text}
      </Code>
    );
  }
  return (
    <Code fz="xs" style={style} data-tone={tone}>
      {text}
    </Code>
  );
}

function ChangeValues({ change }: { change: DiffChange }): ReactNode {
  const { t } = useTranslation('operations');
  if (change.kind === 'added') return <Value value={change.after} tone="new" />;
  if (change.kind === 'removed') return <Value value={change.before} tone="old" />;
  const block = isMultiline(change.before) || isMultiline(change.after);
  return (
    <Group gap={8} wrap={block ? 'nowrap' : 'wrap'} align={block ? 'flex-start' : 'center'}>
      <Box style={block ? { flex: 1, minWidth: 0 } : undefined}>
        <Value value={change.before} tone="old" />
      </Box>
      <IconArrowRight size={14} color="var(--mantine-color-dimmed)" aria-label={t('diff.becomes')} style={{ flexShrink: 0 }} />
      <Box style={block ? { flex: 1, minWidth: 0 } : undefined}>
        <Value value={change.after} tone="new" />
      </Box>
    </Group>
  );
}

/** Before/after of one audit entry as a list of changed fields; unchanged fields are folded away. */
export function AuditDiffView({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('operations');
  const diff = diffAudit(before, after);
  const [showUnchanged, setShowUnchanged] = useState(false);

  if (diff.changes.length === 0 && diff.unchanged.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('diff.noDetails')}
      </Text>
    );
  }

  return (
    <Stack gap="xs">
      {diff.changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('diff.nothingChanged')}
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={6} horizontalSpacing="xs" aria-label={t('diff.changes')} layout="fixed">
          <Table.Tbody>
            {diff.changes.map((change) => (
              <Table.Tr key={change.path} data-testid={`diff-${change.path}`} data-kind={change.kind}>
                <Table.Td w={200} style={{ verticalAlign: 'top' }}>
                  <Text size="sm" ff="monospace" fw={600} style={{ wordBreak: 'break-all' }}>
                    {change.path}
                  </Text>
                </Table.Td>
                <Table.Td w={96} style={{ verticalAlign: 'top' }}>
                  <Badge size="sm" variant="light" color={kindColor[change.kind]} tt="none">
                    {t(`diff.kind.${change.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <ChangeValues change={change} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {diff.unchanged.length > 0 ? (
        <Box>
          <Button
            variant="subtle"
            color="gray"
            size="compact-sm"
            leftSection={showUnchanged ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={() => setShowUnchanged((v) => !v)}
            aria-expanded={showUnchanged}
          >
            {t('diff.unchangedCount', { count: diff.unchanged.length })}
          </Button>
          <Collapse expanded={showUnchanged}>
            <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing="xs" layout="fixed" aria-label={t('diff.unchangedFields')}>
              <Table.Tbody>
                {diff.unchanged.map((item) => (
                  <Table.Tr key={item.path}>
                    <Table.Td w={200} style={{ verticalAlign: 'top' }}>
                      <Text size="sm" ff="monospace" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {item.path}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Value value={item.value} tone="plain" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Collapse>
        </Box>
      ) : null}
    </Stack>
  );
}

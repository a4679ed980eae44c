import {
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  ThemeIcon,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowLeft, IconCircleCheck, IconFileSpreadsheet, IconUpload, IconUserCheck } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ImportReport, ImportRowResult } from '../../../../contracts/users.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { importUsers } from '../api/users-import-api.js';
import { useInvalidateDirectory } from '../../../lib/directory.js';

const EXAMPLE = `email,display name,role,communities,password
grace@example.com,Grace Hopper,member,Acme Corporation,
alan@example.com,Alan Turing,member,Acme Corporation;Globex,a-long-password`;

const rowOrder: Record<ImportRowResult['status'], number> = { invalid: 0, created: 1, exists: 2 };
const rowBadge: Record<ImportRowResult['status'], { color: string; label: string }> = {
  created: { color: 'teal', label: 'Created' },
  exists: { color: 'gray', label: 'Already exists' },
  invalid: { color: 'red', label: 'Invalid' },
};

export function UsersImport() {
  const invalidate = useInvalidateDirectory();
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const upload = useMutation({
    mutationFn: (source: File | string) => importUsers(source),
    onSuccess: invalidate,
  });
  const source = mode === 'file' ? file : text.trim() ? text : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (source) upload.mutate(source);
  };

  return (
    <>
      <PageHeader
        eyebrow={
          <Anchor component={Link} to="/admin/users" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} /> Users
          </Anchor>
        }
        title="Import people"
        description="Add many people at once from a CSV file. Anyone without a password gets an invitation email."
      />
      <Stack gap="md">
        <Card padding="lg">
          <form onSubmit={onSubmit}>
            <Stack gap="md">
              <SegmentedControl
                w="fit-content"
                value={mode}
                onChange={(value) => setMode(value === 'paste' ? 'paste' : 'file')}
                data={[
                  { value: 'file', label: 'Choose a file' },
                  { value: 'paste', label: 'Paste CSV' },
                ]}
                aria-label="How to provide the CSV"
              />
              {mode === 'file' ? (
                <FileInput
                  label="CSV file"
                  placeholder="Choose a .csv file"
                  accept=".csv,text/csv"
                  value={file}
                  onChange={setFile}
                  clearable
                  leftSection={<IconFileSpreadsheet size={16} />}
                  maw={480}
                />
              ) : (
                <Textarea
                  label="CSV"
                  placeholder={EXAMPLE}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                  autosize
                  minRows={6}
                  maxRows={16}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                />
              )}
              <Text size="xs" c="dimmed">
                A header row, then one person per line: <Code>email</Code>, <Code>display name</Code>, <Code>role</Code>{' '}
                (member or admin), <Code>communities</Code> (names separated by “;”), and an optional{' '}
                <Code>password</Code>. People who already exist are left as they are.
              </Text>
              {upload.error ? <ErrorAlert error={upload.error} title="Nothing was imported" /> : null}
              <Group>
                <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.isPending} disabled={!source}>
                  Import
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        {upload.data ? <ImportReportView report={upload.data} /> : null}
      </Stack>
    </>
  );
}

function Count({ icon, color, value, label }: { icon: ReactNode; color: string; value: number; label: string }) {
  return (
    <Card padding="md">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon size={40} radius="md" variant="light" color={color}>
          {icon}
        </ThemeIcon>
        <div>
          <Text fz={24} fw={700} lh={1.1} data-testid={`import-count-${label.toLowerCase().replaceAll(' ', '-')}`}>
            {value}
          </Text>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
        </div>
      </Group>
    </Card>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  // Problems first: they are what the admin has to act on.
  const rows = [...report.rows].sort((a, b) => rowOrder[a.status] - rowOrder[b.status] || a.line - b.line);
  return (
    <Stack gap="md" data-testid="import-report">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <Count icon={<IconCircleCheck size={22} />} color="teal" value={report.created} label="Created" />
        <Count icon={<IconUserCheck size={22} />} color="gray" value={report.existing} label="Already existed" />
        <Count icon={<IconAlertTriangle size={22} />} color="red" value={report.invalid} label="Invalid" />
      </SimpleGrid>
      <Card padding={0}>
        {rows.length === 0 ? (
          <Text p="lg" c="dimmed" size="sm">
            The file had no rows under its header.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Import results">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>Line</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th w={150}>Result</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={`${row.line}-${row.email}`} bg={row.status === 'invalid' ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {row.line}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{row.email || '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={rowBadge[row.status].color} tt="none">
                        {rowBadge[row.status].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={row.status === 'invalid' ? undefined : 'dimmed'}>
                        {row.reason ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}

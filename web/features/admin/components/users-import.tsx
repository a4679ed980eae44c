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
import { IconAlertTriangle, IconArrowLeft, IconCircleCheck, IconDownload, IconEye, IconFileSpreadsheet, IconUpload, IconUserCheck, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { encodeReason } from '../../../../contracts/failure-reasons.js';
import { IMPORT_TEMPLATE_CSV, type ImportReport, type ImportRowResult } from '../../../../contracts/users.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { importUsers } from '../api/users-import-api.js';
import { useInvalidateDirectory } from '../../../lib/directory.js';
import { TableScroll } from '../../../components/list/list-table.js';
import { useReason } from '../../../lib/failure-reason.js';

const EXAMPLE = `email,display name,role,communities,communityRole,password
grace@example.com,Grace Hopper,member,Acme Corporation,manager,
alan@example.com,Alan Turing,member,Acme Corporation;Globex,,a-long-password`;
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(IMPORT_TEMPLATE_CSV)}`;

const rowOrder: Record<ImportRowResult['status'], number> = { invalid: 0, created: 1, updated: 2, exists: 3 };
const rowColor: Record<ImportRowResult['status'], string> = { created: 'teal', updated: 'blue', exists: 'gray', invalid: 'red' };

export function UsersImport() {
  const { t } = useTranslation('admin');
  const invalidate = useInvalidateDirectory();
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  // Two steps: a dry run shows what would happen, then the admin confirms the same file.
  const preview = useMutation({ mutationFn: (source: File | string) => importUsers(source, { dryRun: true }) });
  const upload = useMutation({
    mutationFn: (source: File | string) => importUsers(source, { dryRun: false }),
    onSuccess: invalidate,
  });
  const source = mode === 'file' ? file : text.trim() ? text : null;
  const reset = () => {
    preview.reset();
    upload.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    upload.reset();
    if (source) preview.mutate(source);
  };
  const confirm = () => {
    if (source) upload.mutate(source, { onSuccess: () => preview.reset() });
  };
  const willChange = preview.data ? preview.data.created + preview.data.updated : 0;

  return (
    <>
      <PageHeader
        eyebrow={
          <Anchor component={Link} to="/admin/users" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} /> {t('users.title')}
          </Anchor>
        }
        title={t('import.title')}
        description={t('import.description')}
      />
      <Stack gap="md">
        <Card padding="lg">
          <form onSubmit={onSubmit}>
            <Stack gap="md">
              <SegmentedControl
                w="fit-content"
                value={mode}
                onChange={(value) => {
                  setMode(value === 'paste' ? 'paste' : 'file');
                  reset();
                }}
                data={[
                  { value: 'file', label: t('import.modeFile') },
                  { value: 'paste', label: t('import.modePaste') },
                ]}
                aria-label={t('import.mode')}
              />
              {mode === 'file' ? (
                <FileInput
                  label={t('import.file')}
                  placeholder={t('import.filePlaceholder')}
                  accept=".csv,text/csv"
                  value={file}
                  onChange={(next) => {
                    setFile(next);
                    reset();
                  }}
                  clearable
                  leftSection={<IconFileSpreadsheet size={16} />}
                  maw={480}
                />
              ) : (
                <Textarea
                  label="CSV"
                  placeholder={EXAMPLE}
                  value={text}
                  onChange={(e) => {
                    setText(e.currentTarget.value);
                    reset();
                  }}
                  autosize
                  minRows={6}
                  maxRows={16}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                />
              )}
              <Text size="xs" c="dimmed">
                <Trans t={t} i18nKey="import.help" components={{ code: <Code /> }} />{' '}
                <Anchor href={TEMPLATE_HREF} download="people-import-template.csv" size="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
                  <IconDownload size={12} /> {t('import.template')}
                </Anchor>
              </Text>
              {preview.error ? <ErrorAlert error={preview.error} title={t('import.checkFailed')} /> : null}
              {upload.error ? <ErrorAlert error={upload.error} title={t('import.uploadFailed')} /> : null}
              <Group>
                <Button type="submit" variant={preview.data ? 'default' : 'filled'} leftSection={<IconEye size={16} />} loading={preview.isPending} disabled={!source}>
                  {t('import.preview')}
                </Button>
                {preview.data ? (
                  <Button leftSection={<IconUpload size={16} />} loading={upload.isPending} disabled={willChange === 0} onClick={confirm}>
                    {willChange === 0 ? t('import.nothing') : t('import.confirm', { count: willChange })}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </form>
        </Card>
        {preview.data ? <ImportReportView report={preview.data} /> : null}
        {upload.data ? <ImportReportView report={upload.data} /> : null}
      </Stack>
    </>
  );
}

/** `id` names the count for tests (`import-count-<id>`), whatever the language. */
function Count({ id, icon, color, value, label }: { id: string; icon: ReactNode; color: string; value: number; label: string }) {
  return (
    <Card padding="md">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon size={40} radius="md" variant="light" color={color}>
          {icon}
        </ThemeIcon>
        <div>
          {/* A figure and its label, not a heading and a paragraph: spans in a block (axe p-as-heading). */}
          <Text component="span" display="block" fz={24} fw={700} lh={1.1} data-testid={`import-count-${id}`}>
            {value}
          </Text>
          <Text component="span" display="block" size="sm" c="dimmed">
            {label}
          </Text>
        </div>
      </Group>
    </Card>
  );
}

/** A row's reason in the admin's language: its code worded, else the server's sentence (an older server). */
const reasonOf = (row: ImportRowResult, reason: (stored: string) => string): string | undefined => (row.code ? reason(encodeReason(row.code, row.details)) : row.reason);

function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation('admin');
  const reason = useReason();
  // Problems first: they are what the admin has to act on.
  const rows = [...report.rows].sort((a, b) => rowOrder[a.status] - rowOrder[b.status] || a.line - b.line);
  return (
    <Stack gap="md" data-testid={report.dryRun ? 'import-preview' : 'import-report'}>
      <Text fw={600}>{report.dryRun ? t('import.previewTitle') : t('import.importedTitle')}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        {report.dryRun ? (
          <Count id="to-create" icon={<IconCircleCheck size={22} />} color="teal" value={report.created} label={t('import.count.toCreate')} />
        ) : (
          <Count id="created" icon={<IconCircleCheck size={22} />} color="teal" value={report.created} label={t('import.count.created')} />
        )}
        {report.dryRun ? (
          <Count id="to-update" icon={<IconUserPlus size={22} />} color="blue" value={report.updated} label={t('import.count.toUpdate')} />
        ) : (
          <Count id="updated" icon={<IconUserPlus size={22} />} color="blue" value={report.updated} label={t('import.count.updated')} />
        )}
        <Count id="unchanged" icon={<IconUserCheck size={22} />} color="gray" value={report.existing} label={t('import.count.unchanged')} />
        <Count id="refused" icon={<IconAlertTriangle size={22} />} color="red" value={report.invalid} label={t('import.count.refused')} />
      </SimpleGrid>
      <Card padding={0}>
        {rows.length === 0 ? (
          <Text p="lg" c="dimmed" size="sm">
            {t('import.noRows')}
          </Text>
        ) : (
          // On a phone the line and reason columns fold into the email cell: a 560 px table scrolled the
          // reasons out of sight (issue 25).
          <TableScroll minWidth={320} label={t('import.results')}>
            <Table verticalSpacing="xs" horizontalSpacing="md" aria-label={t('import.results')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80} visibleFrom="sm">
                    {t('import.columns.line')}
                  </Table.Th>
                  <Table.Th>{t('fields.email')}</Table.Th>
                  <Table.Th w={150}>{t('import.columns.result')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('import.columns.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => {
                  const text = reasonOf(row, reason);
                  return (
                    <Table.Tr key={`${row.line}-${row.email}`} bg={row.status === 'invalid' ? 'var(--mantine-color-red-light)' : undefined}>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm" c="dimmed">
                          {row.line}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {row.email || '—'}
                        </Text>
                        <Text size="xs" c="dimmed" hiddenFrom="sm">
                          {t('import.columns.line')} {row.line}
                        </Text>
                        {text ? (
                          <Text size="sm" hiddenFrom="sm" c={row.status === 'invalid' ? undefined : 'dimmed'}>
                            {text}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={rowColor[row.status]} tt="none">
                          {t(`import.result.${report.dryRun ? 'preview' : 'done'}.${row.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm" c={row.status === 'invalid' ? undefined : 'dimmed'}>
                          {text ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Card>
    </Stack>
  );
}

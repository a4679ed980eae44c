import { Button, CopyButton, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { saveBlob } from '../../lib/http/stream.js';

/**
 * Ten single-use recovery codes, shown once (sign-in enrolment and the profile page). Labels come
 * from the caller, which owns the words in its own i18n namespace.
 */
export function RecoveryCodes({
  codes,
  labels,
}: {
  codes: string[];
  labels: { list: string; copy: string; copied: string; download: string; fileName: string };
}) {
  const text = `${codes.join('\n')}\n`;
  const download = () => saveBlob(new Blob([text], { type: 'text/plain' }), labels.fileName);
  return (
    <Paper withBorder radius="md" p="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="ul" aria-label={labels.list} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="recovery-codes">
        {codes.map((code) => (
          <Text key={code} component="li" ff="monospace" size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group mt="md" gap="xs">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
              {copied ? labels.copied : labels.copy}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} onClick={download}>
          {labels.download}
        </Button>
      </Group>
    </Paper>
  );
}

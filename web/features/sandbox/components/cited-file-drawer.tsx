import { Box, Drawer, Mark, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Citation } from '../../../../contracts/knowledge.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getFilePassages } from '../api/knowledge-api.js';

/** Runs of spaces and line breaks as one space: an excerpt is a passage's text flattened to one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The passage a citation quotes: the excerpt is its opening, perhaps cut short with an ellipsis. */
export function citedPassage(passages: ReadonlyArray<{ ordinal: number; text: string }>, excerpt: string): number | null {
  const probe = flat(excerpt.replace(/…$/, '')).slice(0, 80);
  if (!probe) return null;
  return passages.find((p) => flat(p.text).includes(probe))?.ordinal ?? null;
}

/** An uploaded file an answer cited, opened at the cited passage. */
export function CitedFileDrawer({ citation, onClose }: { citation: Citation | null; onClose: () => void }) {
  const { t } = useTranslation('sandbox');
  return (
    <Drawer
      opened={citation !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={600} style={{ overflowWrap: 'anywhere' }}>{citation?.title ?? ''}</Text>}
      closeButtonProps={{ 'aria-label': t('common:actions.close') }}
    >
      {citation ? <FileText citation={citation} /> : null}
    </Drawer>
  );
}

function FileText({ citation }: { citation: Citation }) {
  const { t } = useTranslation('sandbox');
  const query = useQuery({ queryKey: queryKeys.knowledge.passages(citation.sourceId), queryFn: ({ signal }) => getFilePassages(citation.sourceId, signal) });
  const cited = query.data ? citedPassage(query.data.passages, citation.excerpt) : null;
  const citedRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    citedRef.current?.scrollIntoView?.({ block: 'center' });
  }, [cited]);
  return (
    <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
      <Stack gap="sm" data-testid="cited-file">
        <Text size="xs" c="dimmed">
          {t('citedFile.hint')}
        </Text>
        {query.data?.passages.map((p) =>
          p.ordinal === cited ? (
            <Box key={p.ordinal} ref={citedRef} data-testid="cited-passage" aria-label={t('citedFile.cited')} role="region">
              <Mark color="yellow" style={{ display: 'block', padding: 8, borderRadius: 4, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {p.text}
              </Mark>
            </Box>
          ) : (
            <Text key={p.ordinal} size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {p.text}
            </Text>
          ),
        )}
        {query.data?.truncated ? (
          <Text size="xs" c="dimmed">
            {t('citedFile.truncated')}
          </Text>
        ) : null}
      </Stack>
    </QueryGate>
  );
}

import { Anchor, Badge, Box, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { IconFileText, IconMovie, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Citation } from '../../../../contracts/knowledge.js';
import { CitedFileDrawer } from './cited-file-drawer.js';

const icons = { document: IconFileText, video: IconMovie, file: IconPaperclip } as const;

/**
 * The sources an answer was given. A document or video was only retrieved because the member may
 * read it, so it links to its library page; an uploaded file has no page of its own, so it opens in
 * a drawer at the cited passage.
 */
export function Citations({ citations }: { citations: Citation[] }) {
  const { t } = useTranslation('sandbox');
  const [opened, setOpened] = useState<Citation | null>(null);
  if (citations.length === 0) return null;
  return (
    <Box mt="sm" data-testid="citations">
      <Group gap={6} mb={4}>
        <Badge size="xs" variant="light" color="gray">
          {t('message.sources')}
        </Badge>
      </Group>
      <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {citations.map((c) => {
          const Icon = icons[c.sourceType];
          return (
            <Box component="li" key={c.sourceId} style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Icon size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Box style={{ minWidth: 0 }}>
                  {c.sourceType === 'file' ? (
                    <Anchor component="button" type="button" size="sm" fw={600} ta="left" style={{ overflowWrap: 'anywhere' }} onClick={() => setOpened(c)}>
                      {c.title}
                    </Anchor>
                  ) : (
                    <Anchor component={Link} to={`/library/${c.sourceId}`} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {c.title}
                    </Anchor>
                  )}
                  <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                    {c.excerpt}
                  </Text>
                </Box>
              </Group>
            </Box>
          );
        })}
      </Stack>
      <CitedFileDrawer citation={opened} onClose={() => setOpened(null)} />
    </Box>
  );
}

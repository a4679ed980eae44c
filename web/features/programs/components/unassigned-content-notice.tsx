import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../lib/notify.js';
import type { UnassignedStep } from '../api/programs-api.js';
import { useAssignWithContent } from '../hooks/use-programs.js';

/**
 * Issue 25: a program whose content is not assigned to a community enrols nobody there. Said on the
 * program, naming each item and community, with the one action that fixes it: assign that content to
 * those communities (the button says exactly what it will do, which is the admin's confirmation).
 */
export function UnassignedContentNotice({
  programId,
  items,
  communityIds,
  fixable,
  refused,
  onAssigned,
}: {
  programId: string;
  items: UnassignedStep[];
  /** The communities the program is (or should be) assigned to, sent again with the content assigned. */
  communityIds: string[];
  /** False when another problem (an unpublished or deleted step) needs fixing first. */
  fixable: boolean;
  /** True when the communities were refused just now (nobody enrolled); false for a saved program's warning. */
  refused: boolean;
  onAssigned?: (communityIds: string[]) => void;
}) {
  const { t } = useTranslation('programs');
  const assign = useAssignWithContent(programId);
  const communities = [...new Set(items.map((i) => i.communityName))];
  const titles = [...new Set(items.map((i) => i.title))];
  const run = () =>
    assign.mutate(communityIds, {
      onSuccess: ({ communityIds: saved }) => {
        notify({ color: 'teal', message: t('unassigned.done', { count: titles.length, communities: communities.join(', ') }) });
        onAssigned?.(saved);
      },
      onError: (error) => notify({ color: 'red', title: t('unassigned.failed'), message: error.message }),
    });
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={refused ? t('unassigned.refusedTitle', { communities: communities.join(', ') }) : t('unassigned.warningTitle', { communities: communities.join(', ') })}
      mb="md"
      role="alert"
      data-testid="unassigned-notice"
    >
      <Stack gap="sm">
        <Text size="sm">{refused ? t('unassigned.refusedBody') : t('unassigned.warningBody')}</Text>
        <List size="sm" spacing={4}>
          {items.map((item) => (
            <List.Item key={`${item.contentId}:${item.communityId}`} style={{ overflowWrap: 'anywhere' }}>
              {t('unassigned.item', { n: item.position, title: item.title, community: item.communityName })}
            </List.Item>
          ))}
        </List>
        {fixable ? (
          <div>
            <Button color="#a63c06" onClick={run} loading={assign.isPending} data-testid="assign-content" h="auto" mih={36} py={6} style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
              {t('unassigned.action', { count: titles.length, communities: communities.join(', ') })}
            </Button>
          </div>
        ) : (
          <Text size="sm" fw={600}>
            {t('unassigned.notFixable')}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

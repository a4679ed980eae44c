import { Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { notify } from '../../../lib/notify.js';
import { IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Community } from '../../../../contracts/communities.js';
import type { PrivacyMode, Retention } from '../../../../contracts/privacy.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getCommunity, updateCommunityPrivacy } from '../api/privacy-api.js';

const asDays = (value: number | string): number | null => (value === '' ? null : Number(value));

function PrivacyForm({ community }: { community: Community }) {
  const { t } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (input: { retention: Retention; privacyMode: PrivacyMode }) => updateCommunityPrivacy(community.id, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.communities.detail(community.id), saved);
      notify({ color: 'teal', message: t('community.saved'), autoClose: 2500 });
      return queryClient.invalidateQueries({ queryKey: queryKeys.communities.all });
    },
  });
  const [conversations, setConversations] = useState<number | string>(community.retention.conversationsDays ?? '');
  const [attempts, setAttempts] = useState<number | string>(community.retention.attemptsDays ?? '');
  const [files, setFiles] = useState<number | string>(community.retention.filesDays ?? '');
  const [mode, setMode] = useState<PrivacyMode>(community.privacyMode);
  const save = () => {
    const retention: Retention = { conversationsDays: asDays(conversations), attemptsDays: asDays(attempts), filesDays: asDays(files) };
    update.mutate({ retention, privacyMode: mode });
  };
  const days = (label: string, value: number | string, set: (v: number | string) => void, testId: string) => (
    <NumberInput label={label} placeholder={t('community.keep')} description={t('community.daysHint')} min={1} max={36500} allowDecimal={false} value={value} onChange={set} data-testid={testId} />
  );
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('community.retentionHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {days(t('community.conversations'), conversations, setConversations, 'retention-conversations')}
        {days(t('community.attempts'), attempts, setAttempts, 'retention-attempts')}
        {days(t('community.files'), files, setFiles, 'retention-files')}
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="privacy-mode-label">
          {t('community.mode')}
        </Text>
        <SegmentedControl
          aria-labelledby="privacy-mode-label"
          value={mode}
          onChange={(v) => setMode(v as PrivacyMode)}
          data={[
            { value: 'standard', label: t('community.standard') },
            { value: 'works-council', label: t('community.worksCouncil') },
          ]}
          data-testid="privacy-mode"
        />
        <Text size="xs" c="dimmed">
          {mode === 'works-council' ? t('community.worksCouncilHint') : t('community.standardHint')}
        </Text>
      </Stack>
      {update.error ? <ErrorAlert error={update.error} /> : null}
      <Group>
        <Button onClick={save} loading={update.isPending} data-testid="privacy-save">
          {t('community.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Admin → community: how long its members' data is kept, and works-council mode. */
export function CommunityPrivacyCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('privacy');
  const community = useQuery({ queryKey: queryKeys.communities.detail(communityId), queryFn: ({ signal }) => getCommunity(communityId, signal) });
  return (
    <Card padding="lg" data-testid="community-privacy">
      <Group gap="xs" mb="md">
        <IconShieldLock size={20} />
        <Text fw={650}>{t('community.title')}</Text>
      </Group>
      <QueryGate pending={community.isPending} error={community.error} onRetry={() => void community.refetch()}>
        {community.data ? <PrivacyForm key={JSON.stringify([community.data.retention, community.data.privacyMode])} community={community.data} /> : null}
      </QueryGate>
    </Card>
  );
}

import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconShieldLock, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { downloadMyData, listMyCommunities } from '../api/privacy-api.js';

/**
 * Profile → "Your data": download everything AI GYM holds about you (GDPR access and portability),
 * and, for each of your communities in works-council mode, a notice of what your managers see.
 */
export function YourDataCard() {
  const { t } = useTranslation('privacy');
  const download = useMutation({ mutationFn: downloadMyData });
  const communities = useQuery({ queryKey: queryKeys.privacy.myCommunities, queryFn: ({ signal }) => listMyCommunities(signal) });
  const councils = (communities.data?.items ?? []).filter((c) => c.privacyMode === 'works-council');
  return (
    <Card padding="lg" component="section" aria-labelledby="profile-data" data-testid="profile-data">
      <Stack gap="md">
        <Group gap="xs">
          <IconShieldLock size={20} />
          <Title order={2} fz="md" id="profile-data">
            {t('yourData.title')}
          </Title>
        </Group>
        {councils.map((c) => (
          <Alert key={c.id} color="teal" icon={<IconUsersGroup size={18} aria-hidden />} title={t('worksCouncil.noticeTitle', { community: c.name })} data-testid="works-council-notice">
            {t('worksCouncil.notice')}
          </Alert>
        ))}
        <Text size="sm" c="dimmed">
          {t('yourData.hint')}
        </Text>
        {download.error ? <ErrorAlert error={download.error} /> : null}
        <Group>
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => download.mutate()} loading={download.isPending} data-testid="export-my-data">
            {t('yourData.download')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

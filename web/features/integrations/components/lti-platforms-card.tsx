import { Alert, Badge, Button, Card, Code, CopyButton, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { encodeReason } from '../../../../contracts/failure-reasons.js';
import type { LtiCheckResult, LtiPlatform, LtiRosterResult, LtiToolValues } from '../../../../contracts/lti.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useReason } from '../../../lib/failure-reason.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { checkLtiPlatform, createLtiPlatform, deleteLtiPlatform, listLtiPlatforms, syncLtiRoster } from '../api/lti-api.js';

/** The values the LMS administrator enters on their side. */
function ToolValues({ tool }: { tool: LtiToolValues }) {
  const { t } = useTranslation('lti');
  const rows: Array<[string, string]> = [
    [t('tool.loginUrl'), tool.loginUrl],
    [t('tool.launchUrl'), tool.launchUrl],
    [t('tool.deepLinkUrl'), tool.deepLinkUrl],
    [t('tool.jwksUrl'), tool.jwksUrl],
  ];
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('tool.title')}
      </Text>
      <Stack gap="xs" component="dl" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="sm" fw={500}>
              {label}
            </Text>
            <Group component="dd" m={0} gap="xs" wrap="nowrap" align="center">
              <Code style={{ overflowWrap: 'anywhere', flex: 1, minWidth: 0 }}>{value}</Code>
              <CopyButton value={value}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={t('tool.copy', { what: label })}>
                    {copied ? t('tool.copied') : t('tool.copyShort')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </div>
        ))}
      </Stack>
    </Stack>
  );
}

function PlatformRow({ communityId, platform }: { communityId: string; platform: LtiPlatform }) {
  const { t } = useTranslation('lti');
  const reason = useReason();
  const queryClient = useQueryClient();
  const [checked, setChecked] = useState<LtiCheckResult | undefined>();
  const [roster, setRoster] = useState<LtiRosterResult | undefined>();
  const [removing, setRemoving] = useState(false);
  const check = useMutation({ mutationFn: () => checkLtiPlatform(communityId, platform.id), onSuccess: setChecked });
  const sync = useMutation({ mutationFn: () => syncLtiRoster(communityId, platform.id), onSuccess: setRoster });
  const remove = useMutation({
    mutationFn: () => deleteLtiPlatform(communityId, platform.id),
    onSuccess: () => {
      setRemoving(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.communities.ltiPlatforms(communityId) });
      notify({ color: 'teal', message: t('removed'), autoClose: 2500 });
    },
  });
  return (
    <Stack gap="xs" data-testid="lti-platform">
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {platform.issuer}
      </Text>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('platformLine', { clientId: platform.clientId, deployments: platform.deploymentIds.join(', ') })}
      </Text>
      {checked ? (
        <Alert color={checked.ok ? 'teal' : 'orange'} variant="light" title={checked.ok ? t('checkOk') : t('checkFailed')}>
          {checked.code ? reason(encodeReason(checked.code, checked.details)) : checked.message}
        </Alert>
      ) : null}
      {roster ? (
        <Alert color="teal" variant="light" title={t('rosterDone')}>
          {t('rosterCounts', roster)}
        </Alert>
      ) : null}
      {check.error ? <ErrorAlert error={check.error} /> : null}
      {sync.error ? <ErrorAlert error={sync.error} /> : null}
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => check.mutate()} loading={check.isPending}>
          {t('check')}
        </Button>
        <Button size="xs" variant="default" onClick={() => sync.mutate()} loading={sync.isPending} disabled={!platform.accessTokenUrl}>
          {t('roster')}
        </Button>
        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(true)}>
          {t('remove')}
        </Button>
      </Group>
      <ConfirmModal
        opened={removing}
        title={t('removeTitle')}
        confirmLabel={t('remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(false)}
        onConfirm={() => remove.mutate()}
      >
        {t('removeBody')}
      </ConfirmModal>
    </Stack>
  );
}

function RegisterForm({ communityId }: { communityId: string }) {
  const { t } = useTranslation('lti');
  const queryClient = useQueryClient();
  const empty = { issuer: '', clientId: '', deploymentIds: '', jwksUrl: '', authLoginUrl: '', accessTokenUrl: '' };
  const [values, setValues] = useState(empty);
  const set = (key: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.currentTarget.value });
  const save = useMutation({
    mutationFn: () =>
      createLtiPlatform(communityId, {
        issuer: values.issuer.trim(),
        clientId: values.clientId.trim(),
        deploymentIds: values.deploymentIds.split(/[\s,]+/).filter(Boolean),
        jwksUrl: values.jwksUrl.trim(),
        authLoginUrl: values.authLoginUrl.trim(),
        ...(values.accessTokenUrl.trim() ? { accessTokenUrl: values.accessTokenUrl.trim() } : {}),
      }),
    onSuccess: () => {
      setValues(empty);
      void queryClient.invalidateQueries({ queryKey: queryKeys.communities.ltiPlatforms(communityId) });
      notify({ color: 'teal', message: t('registered'), autoClose: 2500 });
    },
  });
  const ready = values.issuer.trim() && values.clientId.trim() && values.deploymentIds.trim() && values.jwksUrl.trim() && values.authLoginUrl.trim();
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600} component="h3" m={0}>
        {t('registerTitle')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('field.issuer')} description={t('field.issuerHint')} placeholder="https://lms.example.com" value={values.issuer} onChange={set('issuer')} required />
        <TextInput label={t('field.clientId')} value={values.clientId} onChange={set('clientId')} required autoComplete="off" />
        <TextInput label={t('field.deploymentIds')} description={t('field.deploymentIdsHint')} value={values.deploymentIds} onChange={set('deploymentIds')} required autoComplete="off" />
        <TextInput label={t('field.jwksUrl')} placeholder="https://lms.example.com/keys" value={values.jwksUrl} onChange={set('jwksUrl')} required />
        <TextInput label={t('field.authLoginUrl')} placeholder="https://lms.example.com/auth" value={values.authLoginUrl} onChange={set('authLoginUrl')} required />
        <TextInput label={t('field.accessTokenUrl')} description={t('field.accessTokenUrlHint')} placeholder="https://lms.example.com/token" value={values.accessTokenUrl} onChange={set('accessTokenUrl')} />
      </SimpleGrid>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!ready}>
          {t('register')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Admin → community: learning platforms (LMSs) that launch AI GYM with LTI 1.3. */
export function LtiPlatformsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('lti');
  const query = useQuery({ queryKey: queryKeys.communities.ltiPlatforms(communityId), queryFn: ({ signal }) => listLtiPlatforms(communityId, signal) });
  const count = query.data?.platforms.length ?? 0;
  return (
    <Card padding="lg" data-testid="lti-platforms">
      <Group gap="xs" mb="md" justify="space-between">
        <Text fw={650} component="h2" fz="md" m={0}>
          {t('title')}
        </Text>
        {query.data ? (
          <Badge variant={count ? 'filled' : 'default'} color={count ? 'teal.9' : 'gray'} tt="none">
            {count ? t('count', { count }) : t('none')}
          </Badge>
        ) : null}
      </Group>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? (
          <Stack gap="lg">
            <Text size="sm" c="dimmed">
              {t('intro')}
            </Text>
            <ToolValues tool={query.data.tool} />
            {query.data.platforms.map((platform) => (
              <PlatformRow key={platform.id} communityId={communityId} platform={platform} />
            ))}
            <RegisterForm communityId={communityId} />
          </Stack>
        ) : null}
      </QueryGate>
    </Card>
  );
}

import { Anchor, Badge, Box, Center, Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldOff, IconShieldPause, IconShieldQuestion, IconShieldX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../../components/ui/brand.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDate } from '../../../lib/format.js';
import { isApiError } from '../../../lib/http/api-error.js';
import type { Verification } from '../api/programs-api.js';
import { useVerification } from '../hooks/use-programs.js';
import { CredentialOffer } from './credential-offer.js';

type Outcome = 'valid' | 'expired' | 'revoked' | 'suspended' | 'unknown';

const looks: Record<Outcome, { color: string; icon: ReactNode }> = {
  valid: { color: 'teal', icon: <IconShieldCheck size={34} aria-hidden /> },
  expired: { color: 'orange', icon: <IconShieldX size={34} aria-hidden /> },
  revoked: { color: 'red', icon: <IconShieldOff size={34} aria-hidden /> },
  suspended: { color: 'orange', icon: <IconShieldPause size={34} aria-hidden /> },
  unknown: { color: 'red', icon: <IconShieldQuestion size={34} aria-hidden /> },
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.5 }}>
        {label}
      </Text>
      <Text fw={600}>{children}</Text>
    </Stack>
  );
}

/** Revoked outranks suspended, which outranks expired: the strongest reason it is not in force. */
function outcomeOf(data: Verification): Outcome {
  if (data.valid) return 'valid';
  if (data.revokedAt ?? data.revoked) return 'revoked';
  if (data.suspendedAt) return 'suspended';
  return 'expired';
}

/** /verify/:code: anyone, signed in or not, checks a certificate. No session is read or restored. */
export function VerifyView({ code }: { code: string }) {
  const { t } = useTranslation('programs');
  const query = useVerification(code);
  const unknown = isApiError(query.error) && query.error.status === 404;
  return (
    <Box mih="100dvh" py={48} px="md" bg="var(--mantine-color-gray-light)">
      <Center>
        <Stack gap="lg" w="100%" maw={560}>
          <Center>
            <Brand size="lg" />
          </Center>
          <Paper shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }} withBorder>
            <Title order={1} fz={{ base: 20, sm: 24 }} mb="lg" ta="center">
              {t('verify.title')}
            </Title>
            {unknown ? (
              <Result outcome="unknown" />
            ) : (
              <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
                {query.data ? <Result outcome={outcomeOf(query.data)} data={query.data} code={code} /> : null}
              </QueryGate>
            )}
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            {t('verify.footer')}{' '}
            <Anchor href="/login" size="xs" underline="always">
              {t('verify.signIn')}
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}

function Result({ outcome, data, code }: { outcome: Outcome; data?: Verification; code?: string }) {
  const { t } = useTranslation('programs');
  const look = looks[outcome];
  return (
    <Stack gap="lg" data-testid="verify-result" data-outcome={outcome}>
      <Stack gap="xs" align="center" ta="center">
        <ThemeIcon size={64} radius="xl" color={look.color} variant="light">
          {look.icon}
        </ThemeIcon>
        {/* A heading (the page's answer, styled as one: axe p-as-heading), announced when it arrives. */}
        <div role="status">
          <Title order={2} fw={800} fz={22} c={`${look.color}.8`} data-testid="verify-outcome">
            {t(`verify.${outcome}`)}
          </Title>
        </div>
        <Text size="sm" c="dimmed" maw={420}>
          {t(`verify.${outcome}Body`)}
        </Text>
      </Stack>
      {data ? (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Fact label={t('verify.holder')}>{data.holderName}</Fact>
          <Fact label={t('verify.program')}>{data.programTitle}</Fact>
          <Fact label={t('verify.issued')}>{formatDate(data.issuedAt)}</Fact>
          <Fact label={t('verify.expires')}>{data.expiresAt ? formatDate(data.expiresAt) : t('verify.noExpiry')}</Fact>
          {data.revokedAt ? <Fact label={t('verify.revokedOn')}>{formatDate(data.revokedAt)}</Fact> : null}
          {data.suspendedAt && !data.revokedAt ? <Fact label={t('verify.suspendedOn')}>{formatDate(data.suspendedAt)}</Fact> : null}
        </SimpleGrid>
      ) : null}
      {data && data.steps.length > 0 ? (
        <Stack gap="xs" data-testid="verify-evidence">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.5 }}>
            {t('verify.evidence')}
          </Text>
          <List spacing="xs" listStyleType="none">
            {data.steps.map((step, i) => (
              <List.Item key={`${i}-${step.title}`}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm">{step.title}</Text>
                  <Badge size="sm" variant="light" color={step.assessed ? 'teal' : 'gray'}>
                    {step.assessed ? (step.reviewed ? t('verify.assessedReviewed') : t('verify.assessed')) : t('verify.selfReported')}
                  </Badge>
                </Group>
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
      {data?.valid && code ? <CredentialOffer code={code} /> : null}
    </Stack>
  );
}

import { Anchor, Box, Center, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldQuestion, IconShieldX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../../components/ui/brand.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatDate } from '../../../lib/format.js';
import { isApiError } from '../../../lib/http/api-error.js';
import type { Verification } from '../api/programs-api.js';
import { useVerification } from '../hooks/use-programs.js';

type Outcome = 'valid' | 'expired' | 'unknown';

const looks: Record<Outcome, { color: string; icon: ReactNode }> = {
  valid: { color: 'teal', icon: <IconShieldCheck size={34} aria-hidden /> },
  expired: { color: 'orange', icon: <IconShieldX size={34} aria-hidden /> },
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
                {query.data ? <Result outcome={query.data.valid ? 'valid' : 'expired'} data={query.data} /> : null}
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

function Result({ outcome, data }: { outcome: Outcome; data?: Verification }) {
  const { t } = useTranslation('programs');
  const look = looks[outcome];
  return (
    <Stack gap="lg" data-testid="verify-result" data-outcome={outcome}>
      <Stack gap="xs" align="center" ta="center">
        <ThemeIcon size={64} radius="xl" color={look.color} variant="light">
          {look.icon}
        </ThemeIcon>
        <Text fw={800} fz={22} c={`${look.color}.8`} role="status" data-testid="verify-outcome">
          {t(`verify.${outcome}`)}
        </Text>
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
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}

import { Box, Center, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../../components/ui/brand.js';
import { ColorSchemeToggle } from '../../../components/ui/color-scheme-toggle.js';

const points = ['agents', 'library', 'history'] as const;

/** Public pages (sign in, reset, invitation): a product panel and a focused form card. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation('auth');
  return (
    <Box mih="100dvh" style={{ display: 'flex' }}>
      <Box
        visibleFrom="md"
        w="44%"
        p={48}
        c="white"
        style={{
          background:
            'radial-gradient(circle at 20% 20%, rgba(255,255,255,0.18), transparent 45%), linear-gradient(135deg, var(--mantine-color-violet-8), var(--mantine-color-indigo-7))',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
        }}
      >
        <Group gap={10}>
          <Text fw={800} fz={22} style={{ letterSpacing: '-0.02em' }}>
            AI GYM
          </Text>
        </Group>
        <Stack gap="lg" maw={440}>
          <Title order={2} fz={34} lh={1.15} fw={800} style={{ letterSpacing: '-0.02em' }}>
            {t('layout.headline')}
          </Title>
          <List
            spacing="sm"
            icon={
              <ThemeIcon size={22} radius="xl" color="white" c="violet.8">
                <IconCheck size={14} stroke={3} />
              </ThemeIcon>
            }
          >
            {points.map((p) => (
              <List.Item key={p}>
                <Text c="white" opacity={0.92}>
                  {t(`layout.points.${p}`)}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
        <Text size="xs" opacity={0.7}>
          © {new Date().getFullYear()} AI GYM
        </Text>
      </Box>
      <Center style={{ flex: 1, position: 'relative' }} p="md" bg="var(--mantine-color-body)">
        <Box pos="absolute" top={16} right={16}>
          <ColorSchemeToggle />
        </Box>
        <Stack w="100%" maw={420} gap="lg">
          <Box hiddenFrom="md">
            <Brand size="lg" />
          </Box>
          <Stack gap={6}>
            <Title order={1} fz={28} fw={750} style={{ letterSpacing: '-0.01em' }}>
              {title}
            </Title>
            {subtitle ? (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            ) : null}
          </Stack>
          <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} shadow="xs">
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}

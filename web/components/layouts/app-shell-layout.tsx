import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Container,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLayoutDashboard, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useEffect, type ReactNode } from 'react';
import { Link, matchPath, useLocation } from 'react-router';
import { Brand } from '../ui/brand.js';
import { ColorSchemeToggle } from '../ui/color-scheme-toggle.js';

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  /** Only exact matches count as active. */
  end?: boolean;
  children?: NavItem[];
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

export interface ShellUser {
  displayName: string;
  email: string;
  roleLabel: string;
}

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

function isActive(item: NavItem, pathname: string): boolean {
  return matchPath({ path: item.to, end: item.end ?? false }, pathname) !== null;
}

function NavEntry({ item, pathname }: { item: NavItem; pathname: string }) {
  const active = isActive(item, pathname);
  if (item.children?.length) {
    return (
      <NavLink
        label={item.label}
        leftSection={item.icon}
        active={active}
        defaultOpened={active}
        variant="light"
        childrenOffset={28}
      >
        {item.children.map((child) => (
          <NavLink
            key={child.to}
            component={Link}
            to={child.to}
            label={child.label}
            active={isActive(child, pathname)}
            variant="light"
          />
        ))}
      </NavLink>
    );
  }
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={item.label}
      leftSection={item.icon}
      active={active}
      variant="light"
      aria-current={active ? 'page' : undefined}
    />
  );
}

/** The signed-in frame: header with user menu, role-based navigation, burger below `sm`. */
export function AppShellLayout({
  sections,
  user,
  onSignOut,
  children,
}: {
  sections: NavSection[];
  user: ShellUser;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const { t } = useTranslation('profile');

  useEffect(() => {
    close();
  }, [pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        {/* The first stop for keyboard users: past the header and navigation, straight to the page. */}
        <a href="#main-content" className="skip-link">
          Skip to main content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/dashboard" aria-label="AI GYM home">
              <Brand />
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <Menu position="bottom-end" width={240} shadow="md" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label="Account menu" data-testid="user-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar radius="xl" size={34} color="violet" variant="filled">
                      {initials(user.displayName, user.email)}
                    </Avatar>
                    <Box visibleFrom="sm" style={{ lineHeight: 1.1, maxWidth: 180 }}>
                      <Text size="sm" fw={600} truncate>
                        {user.displayName || user.email}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {user.roleLabel}
                      </Text>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Box px="sm" py={8}>
                  <Text size="sm" fw={600} truncate>
                    {user.displayName || user.email}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {user.email}
                  </Text>
                </Box>
                <Menu.Divider />
                <Menu.Item component={Link} to="/dashboard" leftSection={<IconLayoutDashboard size={16} />}>
                  Dashboard
                </Menu.Item>
                <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
                  {t('menu')}
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={onSignOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="lg">
            {sections.map((section, index) => (
              <Stack gap={2} key={section.title ?? index}>
                {section.title ? (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} style={{ letterSpacing: 0.6 }}>
                    {section.title}
                  </Text>
                ) : null}
                {section.items.map((item) => (
                  <NavEntry key={item.to} item={item} pathname={pathname} />
                ))}
              </Stack>
            ))}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--app-main-bg)" id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <Container size="xl" px={{ base: 0, sm: 'md' }} py={{ base: 'xs', sm: 'md' }}>
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

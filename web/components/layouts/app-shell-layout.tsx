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
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconChevronDown, IconLayoutDashboard, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchPath, useLocation } from 'react-router';
import { LANGUAGE_NAMES, LANGUAGES } from '../../lib/i18n.js';
import { Brand } from '../ui/brand.js';
import { ColorSchemeToggle } from '../ui/color-scheme-toggle.js';
import { useLanguageChoice } from '../ui/language-picker.js';
import { DANGER_TEXT } from '../../lib/danger-text.js';

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
  const { t } = useTranslation('shell');
  const { t: tc } = useTranslation('common');
  const languageChoice = useLanguageChoice();
  const { pathname } = useLocation();

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
          {t('header.skipToContent')}
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('header.toggleNavigation')} />
            <UnstyledButton component={Link} to="/dashboard" aria-label={t('header.home')}>
              <Brand />
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <Menu position="bottom-end" width={240} shadow="md" withinPortal>
              <Menu.Target>
                {/* Named by its visible text (the person's name and role) after a hidden "Account menu":
                    an aria-label hid the visible name from voice control (label-content-name-mismatch, issue 25). */}
                <UnstyledButton data-testid="user-menu">
                  <VisuallyHidden>{t('header.accountMenu')}</VisuallyHidden>
                  <Group gap={8} wrap="nowrap">
                    <Avatar radius="xl" size={34} color="violet" variant="filled" aria-hidden>
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
                  {t('menu.dashboard')}
                </Menu.Item>
                <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
                  {t('menu.profile')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Label>{t('menu.language')}</Menu.Label>
                {LANGUAGES.map((code) => (
                  <Menu.Item
                    key={code}
                    lang={code}
                    closeMenuOnClick={false}
                    data-current={languageChoice.language === code || undefined}
                    rightSection={languageChoice.language === code ? <IconCheck size={16} /> : null}
                    onClick={() => languageChoice.choose(code)}
                  >
                    {LANGUAGE_NAMES[code]}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item color={DANGER_TEXT} leftSection={<IconLogout size={16} />} onClick={onSignOut}>
                  {tc('actions.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.mainNavigation')}>
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

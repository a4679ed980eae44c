import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CommunityRole, PlatformRole, UserStatus } from '../../../../contracts/users.js';

const statusColor: Record<UserStatus, string> = { active: 'teal', invited: 'blue', suspended: 'red' };

export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation('admin');
  return (
    <Badge variant="dot" color={statusColor[status]} tt="none">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function RoleBadge({ role }: { role: PlatformRole }) {
  const { t } = useTranslation('admin');
  return (
    <Badge variant={role === 'admin' ? 'filled' : 'light'} color={role === 'admin' ? 'violet' : 'gray'} tt="none">
      {t(`platformRole.${role}`)}
    </Badge>
  );
}

export function CommunityRoleBadge({ role }: { role: CommunityRole }) {
  const { t } = useTranslation('admin');
  return (
    <Badge variant="light" color={role === 'manager' ? 'violet' : 'gray'} tt="none">
      {t(`communityRole.${role}`)}
    </Badge>
  );
}

/** Select options for a community role, in the reader's language. */
export function useCommunityRoleOptions(): { value: CommunityRole; label: string }[] {
  const { t } = useTranslation('admin');
  return [
    { value: 'member', label: t('communityRole.member') },
    { value: 'manager', label: t('communityRole.manager') },
  ];
}

export function initialsOf(name: string, email: string): string {
  const parts = (name.trim() || email).split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

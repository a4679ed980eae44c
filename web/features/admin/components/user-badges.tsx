import { Badge } from '@mantine/core';
import type { CommunityRole, PlatformRole, UserStatus } from '../../../../contracts/users.js';

const statusColor: Record<UserStatus, string> = { active: 'teal', invited: 'blue', suspended: 'red' };
const statusLabel: Record<UserStatus, string> = { active: 'Active', invited: 'Invited', suspended: 'Suspended' };

export function StatusBadge({ status }: { status: UserStatus }) {
  return (
    <Badge variant="dot" color={statusColor[status]} tt="none">
      {statusLabel[status]}
    </Badge>
  );
}

export function RoleBadge({ role }: { role: PlatformRole }) {
  return (
    <Badge variant={role === 'admin' ? 'filled' : 'light'} color={role === 'admin' ? 'violet' : 'gray'} tt="none">
      {role === 'admin' ? 'Admin' : 'Member'}
    </Badge>
  );
}

export function CommunityRoleBadge({ role }: { role: CommunityRole }) {
  return (
    <Badge variant="light" color={role === 'manager' ? 'violet' : 'gray'} tt="none">
      {role === 'manager' ? 'Manager' : 'Member'}
    </Badge>
  );
}

export const communityRoleOptions = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
];

export function initialsOf(name: string, email: string): string {
  const parts = (name.trim() || email).split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

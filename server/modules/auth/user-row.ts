import type { Selectable } from 'kysely';
import type { User } from '../../../contracts/users.js';
import type { UsersTable } from '../../db-schema.js';
import { iso } from '../../lib/dates.js';

export const userColumns = ['id', 'email', 'display_name', 'role', 'status', 'created_at', 'last_login_at', 'language'] as const;

type UserRow = Pick<Selectable<UsersTable>, (typeof userColumns)[number]>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    status: row.status,
    createdAt: iso(row.created_at),
    lastLoginAt: row.last_login_at ? iso(row.last_login_at) : null,
    language: row.language,
  };
}


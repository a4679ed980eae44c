import type { ColumnType, Generated } from 'kysely';

/** Types for every table, kept in one file beside the SQL migrations that define them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'suspended';
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface CommunitiesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface CommunityMembersTable {
  community_id: string;
  user_id: string;
  role: 'manager' | 'member';
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: Date | string;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OneTimeTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'invitation' | 'password_reset';
  token_hash: string;
  expires_at: Date | string;
  used_at: NullableTimestamp;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
}

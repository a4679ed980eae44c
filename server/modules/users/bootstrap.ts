import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db-schema.js';
import { hashPassword } from '../../lib/passwords.js';

export interface BootstrapResult {
  created: boolean;
  email: string;
  /** Set only when the password was generated here and must be shown once. */
  generatedPassword?: string;
}

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
export async function ensureFirstAdmin(db: Kysely<Database>, email: string, password: string | undefined): Promise<BootstrapResult> {
  const existing = await sql<{ exists: boolean }>`select exists (select 1 from users where role = 'admin') as exists`.execute(db);
  if (existing.rows[0]?.exists) return { created: false, email };
  const generatedPassword = password ? undefined : randomBytes(12).toString('base64url');
  const hash = await hashPassword(password ?? (generatedPassword as string));
  const { rows } = await sql<{ created: boolean }>`select app.bootstrap_admin(${email}, ${'Administrator'}, ${hash}) as created`.execute(db);
  const created = rows[0]?.created ?? false;
  return created && generatedPassword ? { created, email, generatedPassword } : { created, email };
}

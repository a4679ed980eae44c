import { describe, expect, it } from 'vitest';
import { meResponseSchema, sessionResponseSchema } from '../../contracts/auth.js';
import { errorBodySchema } from '../../contracts/errors.js';
import { errorBodyGuard, meGuard, sessionGuard } from './session-guards.js';

const user = {
  id: '0b7c6f3e-8d2a-4c1e-9f5b-2a3d4e5f6a7b',
  email: 'ana@northwind.example',
  displayName: 'Ana',
  role: 'member',
  status: 'active',
  createdAt: '2026-11-25T10:00:00.000Z',
  lastLoginAt: null,
  language: null,
};
const session = { accessToken: 'a.b.c', expiresIn: 900, user };
const me = { user, communities: [{ id: '1b7c6f3e-8d2a-4c1e-9f5b-2a3d4e5f6a7b', name: 'Northwind', role: 'manager' }], flags: { sandbox: true } };
const errorBody = { error: { code: 'invalid_credentials', message: 'The email or password is not correct.', requestId: 'r-1' } };

/** Each hand-written guard must accept and refuse exactly what the contract's zod schema does. */
const cases: Array<[string, { safeParse(v: unknown): { success: boolean } }, { safeParse(v: unknown): { success: boolean } }, unknown, unknown[]]> = [
  ['session', sessionGuard, sessionResponseSchema, session, [{ ...session, accessToken: 1 }, { ...session, user: { ...user, role: 'owner' } }, { ...session, expiresIn: '900' }, {}]],
  ['me', meGuard, meResponseSchema, me, [{ ...me, flags: { sandbox: 'yes' } }, { ...me, communities: [{ id: 'x', name: 'y', role: 'boss' }] }, { ...me, user: { ...user, status: 'gone' } }, null]],
  ['error body', errorBodyGuard, errorBodySchema, errorBody, [{ error: { code: 1, message: 'x' } }, { message: 'no wrapper' }, 'text']],
];

describe('the sign-in path’s hand-written guards agree with the contracts', () => {
  it.each(cases)('%s: a valid answer passes both', (_name, guard, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    expect(guard.safeParse(valid).success).toBe(true);
  });

  it.each(cases)('%s: malformed answers fail both', (_name, guard, schema, _valid, invalid) => {
    for (const value of invalid) {
      expect(schema.safeParse(value).success).toBe(false);
      expect(guard.safeParse(value).success).toBe(false);
    }
  });
});

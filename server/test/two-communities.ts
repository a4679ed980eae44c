import { expect } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';

/**
 * The people most module tests need to check who sees what: community A (manager mA, members a1
 * and a2) and community B (manager mB, member b1), plus an admin, everyone signed in. Emails are
 * `<name>@example.com`.
 */
export interface TwoCommunities {
  admin: SignedIn;
  mA: SignedIn;
  a1: SignedIn;
  a2: SignedIn;
  mB: SignedIn;
  b1: SignedIn;
  ids: Record<'A' | 'B' | 'admin' | 'mA' | 'a1' | 'a2' | 'mB' | 'b1', string>;
}

export async function seedTwoCommunities(t: TestApp): Promise<TwoCommunities> {
  const A = await seedCommunity(t.database, 'Alpha');
  const B = await seedCommunity(t.database, 'Beta');
  const seed = async (name: string, community: string, role: 'manager' | 'member') =>
    (await seedUser(t.database, { email: `${name}@example.com`, communities: [{ id: community, role }] })).id;
  const ids = {
    A,
    B,
    admin: (await seedUser(t.database, { email: 'admin@example.com', role: 'admin' })).id,
    mA: await seed('ma', A, 'manager'),
    a1: await seed('a1', A, 'member'),
    a2: await seed('a2', A, 'member'),
    mB: await seed('mb', B, 'manager'),
    b1: await seed('b1', B, 'member'),
  };
  const as = (name: string) => signIn(t.app, `${name}@example.com`);
  return { admin: await as('admin'), mA: await as('ma'), a1: await as('a1'), a2: await as('a2'), mB: await as('mb'), b1: await as('b1'), ids };
}

/** Creates an item through the API as `admin` and assigns it to `communityIds`; returns its id. */
export async function createAssignedContent(t: TestApp, admin: SignedIn, payload: object, communityIds: string[]): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload });
  expect(res.statusCode, res.body).toBe(201);
  const item = res.json<ContentItem>();
  const assigned = await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds } });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return item.id;
}

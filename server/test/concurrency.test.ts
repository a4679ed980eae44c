import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, TEST_PASSWORD, type TestApp } from './test-app.js';
import { testDbKind } from './test-database.js';

/**
 * Hundreds of concurrent requests from many different users: each transaction sets its own identity
 * (set_config(..., true)), and none may leak into another request sharing the pool (or, on PGlite,
 * the one session). Every answer is checked against the identity of the user who asked.
 */

const COMMUNITIES = 20;
const MEMBERS = 40;
const REQUESTS_PER_KIND = 2;

interface Person {
  id: string;
  email: string;
  auth: { authorization: string };
  admin: boolean;
  /** community id → role, exactly as the contract says they hold it */
  memberships: Map<string, 'manager' | 'member'>;
}

type Kind = 'me' | 'communities' | 'own user' | 'foreign user' | 'co-member' | 'login';
interface Probe {
  person: Person;
  kind: Kind;
  /** the user asked about, for the /api/users/:id probes */
  target?: Person;
}

/** A small deterministic PRNG so a failing order can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const sortedIds = (ids: Iterable<string>) => [...ids].sort();

describe(`hundreds of concurrent requests from many different users on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let t: TestApp;
  const communityIds: string[] = [];
  const members: Person[] = [];
  let admin: Person;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_IP: '10000', API_RATE_LIMIT_PER_MINUTE: '100000' });
    for (let c = 0; c < COMMUNITIES; c += 1) communityIds.push(await seedCommunity(t.database, `Community ${String(c).padStart(2, '0')}`));
    // Member i belongs to community i % 20: two people per community; the first of every third
    // community manages it.
    for (let i = 0; i < MEMBERS; i += 1) {
      const community = communityIds[i % COMMUNITIES] ?? '';
      const role = i < COMMUNITIES && i % 3 === 0 ? 'manager' : 'member';
      const email = `person${String(i).padStart(2, '0')}@example.com`;
      const seeded = await seedUser(t.database, { email, communities: [{ id: community, role }] });
      const session = await signIn(t.app, email);
      members.push({ id: seeded.id, email, auth: session.auth, admin: false, memberships: new Map([[community, role]]) });
    }
    const seededAdmin = await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = { id: seededAdmin.id, email: 'admin@example.com', auth: (await signIn(t.app, 'admin@example.com')).auth, admin: true, memberships: new Map() };
  });
  afterAll(() => t.close());

  const communityOf = (p: Person) => [...p.memberships.keys()][0] ?? '';
  const managers = () => members.filter((p) => [...p.memberships.values()].includes('manager'));

  /** Ten reads per person: me, communities, themself, someone of another community, the other person of their own. */
  function readsOf(person: Person, index: number): Probe[] {
    const list: Probe[] = [];
    const foreign = members.find((m, k) => k >= index && communityOf(m) !== communityOf(person)) ?? members.find((m) => communityOf(m) !== communityOf(person));
    const coMember = members.find((m) => m.id !== person.id && communityOf(m) === communityOf(person)) ?? members[0];
    for (let n = 0; n < REQUESTS_PER_KIND; n += 1) {
      list.push({ person, kind: 'me' }, { person, kind: 'communities' }, { person, kind: 'own user', target: person });
      if (foreign) list.push({ person, kind: 'foreign user', target: foreign });
      if (coMember) list.push({ person, kind: 'co-member', target: coMember });
    }
    return list;
  }

  /**
   * Fires every probe at once and checks each answer. A 503 `database_unavailable` is the server's
   * designed answer when a request waits too long for a connection (a loaded CI machine, a burst of
   * hundreds on a pool of ten): it reveals nothing, so that probe is asked again afterwards and its
   * second answer is checked like the others. Most of the burst must be answered the first time.
   */
  async function fire(probes: Probe[]): Promise<{ wrong: string[]; statuses: number[]; retried: number }> {
    // A burst that interleaves transactions on one session can hang instead of failing: give up loudly.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${probes.length} concurrent requests did not all finish within 20 s`)), 20_000);
    });
    const responses = await Promise.race([Promise.all(probes.map((probe) => request(probe))), deadline]).finally(() => clearTimeout(timer));
    const busy = (r: LightMyRequestResponse) => r.statusCode === 503 && errorCode(r) === 'database_unavailable';
    let retried = 0;
    for (const [i, probe] of probes.entries()) {
      if (busy(responses[i] as LightMyRequestResponse)) {
        retried += 1;
        responses[i] = await request(probe);
      }
    }
    expect(retried, 'requests answered 503 in the burst').toBeLessThanOrEqual(probes.length / 2);
    const wrong = probes.map((probe, i) => check(probe, responses[i] as LightMyRequestResponse)).filter((problem): problem is string => problem !== null);
    return { wrong, statuses: [...new Set(responses.map((r) => r.statusCode))].sort(), retried };
  }

  function request(probe: Probe): Promise<LightMyRequestResponse> {
    if (probe.kind === 'login') {
      // Without a refresh cookie kept: this sign-in only has to come back as the right person.
      return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: probe.person.email, password: TEST_PASSWORD } });
    }
    const url =
      probe.kind === 'me' ? '/api/auth/me' : probe.kind === 'communities' ? '/api/communities?limit=100' : `/api/users/${probe.target?.id ?? ''}`;
    return t.app.inject({ method: 'GET', url, headers: probe.person.auth });
  }

  /** What this person may see of `target`: themself, anyone if admin, their community's people if a manager. */
  function maySee(person: Person, target: Person): boolean {
    if (person.admin || person.id === target.id) return true;
    return [...person.memberships].some(([community, role]) => role === 'manager' && target.memberships.has(community));
  }

  /** Returns what is wrong with `response` for `probe`, or null when it is exactly right. */
  function check(probe: Probe, response: LightMyRequestResponse): string | null {
    const { person, kind, target } = probe;
    const who = `${person.email} ${kind}${target ? ` ${target.email}` : ''}`;
    if (kind === 'me') {
      if (response.statusCode !== 200) return `${who}: status ${response.statusCode} ${response.body}`;
      const body = response.json<{ user: { id: string; email: string; role: string }; communities: Array<{ id: string; role: string }> }>();
      const got = body.communities.map((c) => `${c.id}:${c.role}`).sort();
      const want = [...person.memberships].map(([id, role]) => `${id}:${role}`).sort();
      if (body.user.id !== person.id || body.user.email !== person.email) return `${who}: answered as ${body.user.email}`;
      if (body.user.role !== (person.admin ? 'admin' : 'member')) return `${who}: role ${body.user.role}`;
      if (JSON.stringify(got) !== JSON.stringify(want)) return `${who}: communities ${got.join()} instead of ${want.join()}`;
      return null;
    }
    if (kind === 'login') {
      if (response.statusCode !== 200) return `${who}: status ${response.statusCode} ${response.body}`;
      const body = response.json<{ user: { id: string; email: string } }>();
      return body.user.id === person.id && body.user.email === person.email ? null : `${who}: signed in as ${body.user.email}`;
    }
    if (kind === 'communities') {
      if (response.statusCode !== 200) return `${who}: status ${response.statusCode} ${response.body}`;
      const got = sortedIds(response.json<{ items: Array<{ id: string }> }>().items.map((c) => c.id));
      const want = sortedIds(person.admin ? communityIds : person.memberships.keys());
      return JSON.stringify(got) === JSON.stringify(want) ? null : `${who}: ${got.length} communities [${got.join()}] instead of [${want.join()}]`;
    }
    if (!target) return `${who}: no target`;
    if (!maySee(person, target)) {
      if (response.statusCode !== 404) return `${who}: status ${response.statusCode} instead of 404 ${response.body}`;
      return errorCode(response) === 'not_found' ? null : `${who}: error ${response.body}`;
    }
    if (response.statusCode !== 200) return `${who}: status ${response.statusCode} instead of 200 ${response.body}`;
    const body = response.json<{ id: string; email: string; communities: Array<{ communityId: string; role: string }> }>();
    if (body.id !== target.id || body.email !== target.email) return `${who}: answered with ${body.email}`;
    // The memberships of the target the asker may see: all of them for an admin or themself,
    // otherwise those in the communities the asker manages.
    const want = [...target.memberships]
      .filter(([community]) => person.admin || person.id === target.id || person.memberships.get(community) === 'manager')
      .map(([id, role]) => `${id}:${role}`)
      .sort();
    const got = body.communities.map((c) => `${c.communityId}:${c.role}`).sort();
    return JSON.stringify(got) === JSON.stringify(want) ? null : `${who}: memberships ${got.join()} instead of ${want.join()}`;
  }

  it('has a fixture with managers, plain members and an admin spread over every community', () => {
    expect(members).toHaveLength(MEMBERS);
    expect(new Set(members.map(communityOf)).size).toBe(COMMUNITIES);
    expect(managers().length).toBeGreaterThan(0);
    expect(managers().length).toBeLessThan(MEMBERS);
  });

  it('each of ~400 concurrent requests sees exactly what its own identity allows', async () => {
    const probes = shuffle(
      [...members, admin].flatMap((person, index) => readsOf(person, index)),
      mulberry32(20240611),
    );
    expect(probes.length).toBeGreaterThanOrEqual(400);
    const { wrong, statuses } = await fire(probes);
    expect(wrong).toEqual([]);
    // Every kind of read, and both answers about someone else, really happened.
    expect([...new Set(probes.map((p) => p.kind))].sort()).toEqual(['co-member', 'communities', 'foreign user', 'me', 'own user']);
    expect(statuses).toEqual([200, 404]);
  });

  it('sign-ins in the middle of a burst of reads each sign in their own user, and the reads stay theirs', async () => {
    // A sign-in holds its transaction across the password check (a real wait on the thread
    // pool), so on PGlite it is what makes transactions of different users overlap.
    const signingIn = [...members.slice(0, 5), admin].map((person): Probe => ({ person, kind: 'login' }));
    const reading = members.slice(20, 30).flatMap((person) => readsOf(person, members.indexOf(person)));
    const probes = shuffle([...signingIn, ...reading], mulberry32(7));
    const { wrong, statuses } = await fire(probes);
    expect(wrong).toEqual([]);
    expect(statuses).toEqual([200, 404]);
  });

  it('a member who is not a manager gets 404 for the other person of their own community, a manager gets them', async () => {
    const manager = managers()[0];
    const plain = members.find((m) => m.memberships.get(communityOf(m)) === 'member' && communityOf(m) === communityOf(manager ?? m));
    if (!manager || !plain) throw new Error('fixture has no manager with a plain member');
    const [asManager, asPlain] = await Promise.all([
      t.app.inject({ method: 'GET', url: `/api/users/${plain.id}`, headers: manager.auth }),
      t.app.inject({ method: 'GET', url: `/api/users/${manager.id}`, headers: plain.auth }),
    ]);
    expect(asManager.statusCode).toBe(200);
    expect(asPlain.statusCode).toBe(404);
  });

  it('the check itself rejects an answer given for someone else', async () => {
    const [first, second] = members;
    if (!first || !second) throw new Error('fixture too small');
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: second.auth });
    expect(check({ person: first, kind: 'me' }, response)).toMatch(/answered as/);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/communities?limit=100', headers: admin.auth });
    expect(check({ person: first, kind: 'communities' }, theirs)).toMatch(/20 communities/);
  });
});

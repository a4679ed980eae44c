import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test as base, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import type { Community } from '../contracts/communities.js';
import type { CommunityRole, PlatformRole, UserDetail } from '../contracts/users.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_BASE_URL, E2E_OUTBOX_DIR } from './e2e-env.js';

export { ADMIN_EMAIL, ADMIN_PASSWORD };

let counter = 0;
/** Unique per run and per call, so tests never collide on names or emails. */
export function uid(prefix = 'e2e'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface SeededUser {
  id: string;
  email: string;
  displayName: string;
  password: string;
}

/** Seeding through the HTTP API as the bootstrap admin. */
export class AdminApi {
  private constructor(
    private readonly ctx: APIRequestContext,
    private readonly token: string,
  ) {}

  static async create(): Promise<AdminApi> {
    const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
    const res = await ctx.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status(), `admin login: ${await res.text()}`).toBe(200);
    const session = (await res.json()) as SessionResponse;
    return new AdminApi(ctx, session.accessToken);
  }

  private headers() {
    return { Authorization: `Bearer ${this.token}` };
  }

  async createCommunity(name = uid('Community'), description = 'Seeded by the browser tests.'): Promise<Community> {
    const res = await this.ctx.post('/api/communities', { headers: this.headers(), data: { name, description } });
    expect(res.status(), `create community: ${await res.text()}`).toBe(201);
    return (await res.json()) as Community;
  }

  async createUser(input: {
    email?: string;
    displayName?: string;
    role?: PlatformRole;
    password?: string | null;
    communityIds?: string[];
  } = {}): Promise<SeededUser> {
    const email = input.email ?? `${uid('user')}@example.com`;
    const displayName = input.displayName ?? 'Test Person';
    const password = input.password === undefined ? 'member-password-123' : input.password;
    const data: Record<string, unknown> = { email, displayName, role: input.role ?? 'member' };
    if (password) data.password = password;
    if (input.communityIds) data.communityIds = input.communityIds;
    const res = await this.ctx.post('/api/users', { headers: this.headers(), data });
    expect(res.status(), `create user: ${await res.text()}`).toBe(201);
    const user = (await res.json()) as UserDetail;
    return { id: user.id, email: user.email, displayName: user.displayName, password: password ?? '' };
  }

  async setMember(communityId: string, userId: string, role: CommunityRole): Promise<void> {
    const res = await this.ctx.put(`/api/communities/${communityId}/members/${userId}`, {
      headers: this.headers(),
      data: { role },
    });
    expect(res.ok(), `set member: ${await res.text()}`).toBe(true);
  }

  /** Any admin API call; answers the status and the JSON body (null when there is none). */
  async send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await this.ctx.fetch(path, { method, headers: this.headers(), ...(data === undefined ? {} : { data }) });
    const text = await res.text();
    return { status: res.status(), body: text ? (JSON.parse(text) as unknown) : null };
  }

  async getUser(id: string): Promise<UserDetail | null> {
    const res = await this.ctx.get(`/api/users/${id}`, { headers: this.headers() });
    if (res.status() === 404) return null;
    expect(res.ok()).toBe(true);
    return (await res.json()) as UserDetail;
  }

  /** An edit made without If-Match, as another admin's save would land meanwhile. */
  async updateUser(id: string, data: { displayName?: string }): Promise<void> {
    const res = await this.ctx.patch(`/api/users/${id}`, { headers: this.headers(), data });
    expect(res.ok(), `update user: ${await res.text()}`).toBe(true);
  }

  async updateCommunity(id: string, data: { name?: string; description?: string }): Promise<void> {
    const res = await this.ctx.patch(`/api/communities/${id}`, { headers: this.headers(), data });
    expect(res.ok(), `update community: ${await res.text()}`).toBe(true);
  }

  async dispose(): Promise<void> {
    await this.ctx.dispose();
  }
}

/** A member in one community, ready to sign in. */
export interface Member extends SeededUser {
  community: Community;
}

export const test = base.extend<{ adminApi: AdminApi; member: Member }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  adminApi: async ({}, use) => {
    const api = await AdminApi.create();
    await use(api);
    await api.dispose();
  },
  member: async ({ adminApi }, use) => {
    const community = await adminApi.createCommunity();
    const user = await adminApi.createUser({ displayName: 'Mia Member', communityIds: [community.id] });
    await use({ ...user, community });
  },
});

export { expect };

/**
 * Signs in through the API in the page's browser context (the refresh cookie lands in the
 * context), then opens `to`. The app restores the session from that cookie like after a reload.
 */
export async function signIn(page: Page, email: string, password: string, to = '/dashboard'): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), `sign in ${email}: ${await res.text()}`).toBe(200);
  await page.goto(to);
}

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** The newest email sent to `to` (polls briefly: the server writes it as the request finishes). */
export async function latestMailTo(to: string, timeoutMs = 5_000): Promise<OutboxMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = (await readdir(E2E_OUTBOX_DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));
    const mails = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(E2E_OUTBOX_DIR, f), 'utf8')) as OutboxMail),
    );
    const mine = mails
      .filter((m) => m.to.toLowerCase() === to.toLowerCase())
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (mine[0]) return mine[0];
    if (Date.now() > deadline) throw new Error(`No email to ${to} in ${E2E_OUTBOX_DIR}.`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The app link in an email, made relative so the test stays on the test server. */
export function linkIn(mail: OutboxMail, kind: 'reset' | 'invite'): string {
  const pattern = kind === 'reset' ? /https?:\/\/\S+?\/reset-password\?token=[^\s"<]+/ : /https?:\/\/\S+?\/invite\/[^\s"<]+/;
  const match = pattern.exec(mail.text);
  if (!match) throw new Error(`No ${kind} link in: ${mail.text}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

export const screenshotPath = (name: string) => `e2e/screenshots/${name}.png`;

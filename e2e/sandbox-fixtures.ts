import { expect, request as playwrightRequest } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import type { ContentItem, CreateContentInput } from '../contracts/content.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_BASE_URL } from './e2e-env.js';

/** Creates published content as the admin and assigns it to the given communities. */
export async function seedContent(input: CreateContentInput, communityIds: string[]): Promise<ContentItem> {
  const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  try {
    const login = await ctx.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(login.status(), `admin login: ${await login.text()}`).toBe(200);
    const { accessToken } = (await login.json()) as SessionResponse;
    const headers = { Authorization: `Bearer ${accessToken}` };
    const created = await ctx.post('/api/content', { headers, data: { status: 'published', ...input } });
    expect(created.status(), `create ${input.kind}: ${await created.text()}`).toBe(201);
    const item = (await created.json()) as ContentItem;
    const assigned = await ctx.put(`/api/content/${item.id}/assignments`, { headers, data: { communityIds } });
    expect(assigned.ok(), `assign ${input.kind}: ${await assigned.text()}`).toBe(true);
    return item;
  } finally {
    await ctx.dispose();
  }
}

export function writingCoach(title = 'Writing Coach'): CreateContentInput {
  return {
    kind: 'agent',
    title,
    description: 'Helps you write clear, friendly emails and messages at work.',
    details: {
      systemPrompt: 'You are a friendly writing coach for busy professionals. Keep answers short and practical.',
      starterPrompts: ['Help me write a polite follow-up email', 'Make my paragraph clearer'],
      welcomeMessage: 'Hi! I am your **writing coach**. Paste a draft, or pick one of the starters below.',
    },
  };
}

import type { z } from 'zod';
import { contentItemSchema, contentProgressSchema, contentSummarySchema } from '../../../../contracts/content.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest } from '../../../lib/http/request.js';

const summaryPageSchema = pageSchema(contentSummarySchema);

/** The agents the member may chat with (published and assigned to one of their communities). */
export function listAgents(signal?: AbortSignal) {
  return apiRequest('/api/content', summaryPageSchema, {
    query: { kind: 'agent', status: 'published', limit: 100, sort: 'title' },
    ...(signal ? { signal } : {}),
  });
}

const agentItemSchema = contentItemSchema.refine((item) => item.kind === 'agent', { message: 'Not an agent.' });
const promptItemSchema = contentItemSchema.refine((item) => item.kind === 'prompt', { message: 'Not a prompt.' });

export type AgentItem = Extract<z.infer<typeof contentItemSchema>, { kind: 'agent' }>;
export type PromptItem = Extract<z.infer<typeof contentItemSchema>, { kind: 'prompt' }>;

export async function getAgent(id: string, signal?: AbortSignal): Promise<AgentItem> {
  const item = await apiRequest(`/api/content/${encodeURIComponent(id)}`, agentItemSchema, signal ? { signal } : {});
  if (item.kind !== 'agent') throw new Error('Not an agent.');
  return item;
}

export function listPrompts(q: string, signal?: AbortSignal) {
  return apiRequest('/api/content', summaryPageSchema, {
    query: { kind: 'prompt', status: 'published', q: q || undefined, limit: 50, sort: 'title' },
    ...(signal ? { signal } : {}),
  });
}

export async function getPrompt(id: string, signal?: AbortSignal): Promise<PromptItem> {
  const item = await apiRequest(`/api/content/${encodeURIComponent(id)}`, promptItemSchema, signal ? { signal } : {});
  if (item.kind !== 'prompt') throw new Error('Not a prompt.');
  return item;
}

/**
 * Using a prompt in the sandbox counts as using it, like copying it from the library: it is
 * recorded as a copy, which is what completes a prompt step of a program (ARCHITECTURE §9.2).
 */
export function recordPromptUse(id: string) {
  return apiRequest(`/api/content/${encodeURIComponent(id)}/progress`, contentProgressSchema, { method: 'POST', body: { action: 'copied' } });
}

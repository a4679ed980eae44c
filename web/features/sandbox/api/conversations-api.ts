import { conversationSchema, messageSchema, type Conversation } from '../../../../contracts/conversations.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';
import { getRequestTimeoutMs } from '../../../lib/http/session.js';
import { downloadAttachment } from '../../../lib/http/stream.js';

const conversationPageSchema = pageSchema(conversationSchema);
const messagePageSchema = pageSchema(messageSchema);

export const MESSAGES_PAGE_SIZE = 50;

const path = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export function listConversations(q: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/conversations', conversationPageSchema, {
    query: { q: q || undefined, limit: 30, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function getConversation(id: string, signal?: AbortSignal) {
  return apiRequest(path(id), conversationSchema, signal ? { signal } : {});
}

export function createConversation(agentId: string) {
  return apiRequest('/api/conversations', conversationSchema, { method: 'POST', body: { agentId } });
}

export function updateConversation(id: string, patch: Partial<Pick<Conversation, 'title' | 'pinned'>>) {
  return apiRequest(path(id), conversationSchema, { method: 'PATCH', body: patch });
}

export function deleteConversation(id: string) {
  return apiSend(path(id), { method: 'DELETE' });
}

/** The latest messages before `before` (oldest → newest); `nextCursor` loads older ones. */
export function listMessages(id: string, before: string | null, signal?: AbortSignal) {
  return apiRequest(`${path(id)}/messages`, messagePageSchema, {
    query: { limit: MESSAGES_PAGE_SIZE, before },
    ...(signal ? { signal } : {}),
  });
}

/** Downloads the export through the authorised fetch (the server answers it as an attachment). */
export async function downloadExport(id: string, format: 'markdown' | 'json'): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), getRequestTimeoutMs());
  try {
    await downloadAttachment(`${path(id)}/export?format=${format}`, `conversation.${format === 'json' ? 'json' : 'md'}`, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

import { z } from 'zod';
import { citationSchema } from './knowledge.js';
import { pageQuerySchema } from './pagination.js';

/** The longest message a member may send (characters). */
export const MAX_MESSAGE_CHARS = 8000;

export const conversationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  agentId: z.uuid().nullable(),
  agentTitle: z.string().nullable(),
  pinned: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** `interrupted`: the server had to stop (a deploy) before the answer was done; the partial text is kept. */
export const messageStatusSchema = z.enum(['complete', 'stopped', 'error', 'interrupted']);
export const messageSchema = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  status: messageStatusSchema,
  error: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** What the answer cost, in the price table's currency (null: not priced, or a member's message). */
  cost: z.number().nullable(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  createdAt: z.string(),
  /** The sources the answer was given (knowledge-grounded agents); empty otherwise. */
  citations: z.array(citationSchema),
});
export type ChatMessage = z.infer<typeof messageSchema>;

export const createConversationSchema = z.object({ agentId: z.uuid() });
export const updateConversationSchema = z
  .object({ title: z.string().trim().min(1, 'Enter a title.').max(200), pinned: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });

export const listConversationsQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(200).optional() });
export const listMessagesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** A cursor from a previous page: loads messages older than it. */
  before: z.string().max(500).optional(),
});

export const sendMessageSchema = z.object({
  text: z.string().trim().min(1, 'Write a message.').max(MAX_MESSAGE_CHARS, `Keep messages under ${MAX_MESSAGE_CHARS} characters.`),
  /** Edit-and-resend: this user message and everything after it are replaced. */
  replaceFromMessageId: z.uuid().optional(),
});

export const exportFormatSchema = z.object({ format: z.enum(['markdown', 'json']).default('markdown') });

/** Metadata the server attaches to a streamed answer (AI SDK UI message stream). */
export const chatMessageMetadataSchema = z.object({
  model: z.string().optional(),
  offline: z.boolean().optional(),
  userMessageId: z.string().optional(),
  assistantMessageId: z.string().optional(),
  status: messageStatusSchema.optional(),
  /** What the answer cost (price table currency), once saved. */
  cost: z.number().nullable().optional(),
  /** Sent with the start of a knowledge-grounded answer. */
  citations: z.array(citationSchema).optional(),
});
export type ChatMessageMetadata = z.infer<typeof chatMessageMetadataSchema>;

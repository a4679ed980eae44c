import { z } from 'zod';

/** Largest file an administrator may upload as agent knowledge. */
export const KNOWLEDGE_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** File name endings accepted for upload; the server checks the content matches. */
export const knowledgeFileExtensions = ['.pdf', '.docx', '.txt', '.md', '.markdown'] as const;

/** What an agent answers from (agent `details.knowledge`, ARCHITECTURE §9.4). */
export const agentKnowledgeSchema = z.object({
  /** Library documents and videos (their transcripts). */
  contentIds: z.array(z.uuid()).max(1000).default([]),
  /** Uploaded files (`POST /api/knowledge/files`). */
  fileIds: z.array(z.uuid()).max(100).default([]),
  /** Answer only from this material, and say plainly when the answer is not in it. */
  strict: z.boolean().default(false),
});
export type AgentKnowledge = z.infer<typeof agentKnowledgeSchema>;
export const emptyKnowledge = (): AgentKnowledge => ({ contentIds: [], fileIds: [], strict: false });

export const knowledgeFileStatusSchema = z.enum(['processing', 'ready', 'failed']);
export type KnowledgeFileStatus = z.infer<typeof knowledgeFileStatusSchema>;

export const knowledgeFileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  mime: z.string(),
  sizeBytes: z.number(),
  status: knowledgeFileStatusSchema,
  /** Why the file could not be read, when status is failed. */
  error: z.string().nullable(),
  /** How many passages were indexed. */
  chunks: z.number(),
  createdAt: z.string(),
});
export type KnowledgeFile = z.infer<typeof knowledgeFileSchema>;
export const knowledgeFileResponseSchema = z.object({ file: knowledgeFileSchema });

/** A source an answer was given, shown under the answer. */
export const citationSchema = z.object({
  sourceType: z.enum(['document', 'video', 'file']),
  sourceId: z.uuid(),
  title: z.string(),
  excerpt: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

/**
 * An uploaded file as text, for opening a citation (issue 25): its passages in order. Anyone who may
 * use an agent given the file may read it (the file's row-level policy); anyone else is told it does not exist.
 */
export const knowledgeFilePassagesSchema = z.object({
  file: z.object({ id: z.uuid(), name: z.string(), mime: z.string() }),
  passages: z.array(z.object({ ordinal: z.number(), text: z.string() })),
  /** True when the file has more passages than are sent. */
  truncated: z.boolean(),
});
export type KnowledgeFilePassages = z.infer<typeof knowledgeFilePassagesSchema>;

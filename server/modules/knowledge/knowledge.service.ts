import type { AgentKnowledge, KnowledgeFile, KnowledgeFilePassages } from '../../../contracts/knowledge.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';
import { enqueueJob, type JobDefinition } from '../../platform/jobs/index.js';
import { chunkText } from './chunking.js';
import { documentPassageText } from './document-text.js';
import type { ReadFilePayload } from './knowledge-runtime.js';

// What other modules may use of knowledge (ADR 0047: a module imports another only through its service file).
export type { KnowledgeRuntime } from './knowledge-runtime.js';
export { citationsOf, groundedSystemPrompt } from './knowledge-prompt.js';
export { type RetrievalOptions, retrieveGrounding } from './retrieval.js';

type IndexedKind = 'document' | 'video';
const isIndexedKind = (kind: string): kind is IndexedKind => kind === 'document' || kind === 'video';
const INSERT_BATCH = 200;

/**
 * Replaces a source's passages with those of its current text, in the caller's transaction: an
 * edit and its re-indexing commit together, so an answer never cites a version that is gone.
 */
async function replacePassages(ctx: UserContext, source: { type: IndexedKind; contentId: string } | { type: 'file'; fileId: string }, chunks: string[]): Promise<number> {
  const contentId = source.type === 'file' ? null : source.contentId;
  const fileId = source.type === 'file' ? source.fileId : null;
  await ctx.db
    .deleteFrom('knowledge_chunks')
    .$if(contentId !== null, (q) => q.where('content_id', '=', contentId))
    .$if(fileId !== null, (q) => q.where('file_id', '=', fileId))
    .execute();
  for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
    await ctx.db
      .insertInto('knowledge_chunks')
      .values(chunks.slice(start, start + INSERT_BATCH).map((chunk, i) => ({ source_type: source.type, content_id: contentId, file_id: fileId, ordinal: start + i, text: chunk })))
      .execute();
  }
  return chunks.length;
}

/**
 * Indexes a library document (its body as paragraphs of plain text) or video (its transcript), as
 * saved; other kinds have no passages.
 */
export async function indexContent(ctx: UserContext, contentId: string, kind: string): Promise<void> {
  if (!isIndexedKind(kind)) return;
  const text =
    kind === 'document'
      ? documentPassageText((await ctx.db.selectFrom('document_details').select('body_html').where('content_id', '=', contentId).executeTakeFirst())?.body_html ?? '')
      : ((await ctx.db.selectFrom('video_details').select('transcript').where('content_id', '=', contentId).executeTakeFirst())?.transcript ?? '');
  await replacePassages(ctx, { type: kind, contentId }, chunkText(text));
}

/** Checks what an agent is given exists: library documents or videos, and uploaded files. */
export async function validateAgentKnowledge(ctx: Pick<UserContext, 'db'>, knowledge: AgentKnowledge): Promise<void> {
  const contentIds = [...new Set(knowledge.contentIds)];
  const fileIds = [...new Set(knowledge.fileIds)];
  if (contentIds.length > 0) {
    const found = await ctx.db.selectFrom('content_items').select('id').where('id', 'in', contentIds).where('kind', 'in', ['document', 'video']).execute();
    if (found.length !== contentIds.length) {
      throw new AppError('knowledge_content_missing', 'details.knowledge.contentIds: pick library documents or videos that exist.', {
        details: { in: 'body', issues: [{ path: 'details.knowledge.contentIds', message: 'Pick library documents or videos that exist.' }] },
      });
    }
  }
  if (fileIds.length > 0) {
    const found = await ctx.db.selectFrom('knowledge_files').select('id').where('id', 'in', fileIds).execute();
    if (found.length !== fileIds.length) {
      throw new AppError('knowledge_file_missing', 'details.knowledge.fileIds: one of those files does not exist; upload it again.', {
        details: { in: 'body', issues: [{ path: 'details.knowledge.fileIds', message: 'One of those files does not exist; upload it again.' }] },
      });
    }
  }
}

const fileNotFound = () => notFound('That file');

type FileRow = { id: string; name: string; mime: string; size_bytes: number; status: KnowledgeFile['status']; error: string | null; chunk_count: number; created_at: Date };
const toFile = (row: FileRow): KnowledgeFile => ({
  id: row.id,
  name: row.name,
  mime: row.mime,
  sizeBytes: row.size_bytes,
  status: row.status,
  error: row.error,
  chunks: row.chunk_count,
  createdAt: iso(row.created_at),
});
const fileColumns = ['id', 'name', 'mime', 'size_bytes', 'status', 'error', 'chunk_count', 'created_at'] as const;

/**
 * Records an upload as 'processing' with its bytes kept, and queues the job that reads it, in the
 * same transaction: no file without its job, no job without its file (ADR 0034).
 */
export async function createKnowledgeFile(
  ctx: UserContext,
  input: { name: string; mime: string; bytes: Buffer },
  readJob: JobDefinition<ReadFilePayload>,
): Promise<KnowledgeFile> {
  requireAdmin(ctx);
  const row = await ctx.db
    .insertInto('knowledge_files')
    .values({ name: input.name, mime: input.mime, size_bytes: input.bytes.length, upload: input.bytes, created_by: ctx.actor.userId })
    .returning(fileColumns)
    .executeTakeFirstOrThrow();
  await enqueueJob(ctx, readJob, { fileId: row.id, uploadedBy: ctx.actor.userId });
  return toFile(row);
}

/** Admins only: to anyone else a file id is as good as unknown. */
export async function getKnowledgeFile(ctx: UserContext, id: string): Promise<KnowledgeFile> {
  if (!isAdmin(ctx)) throw fileNotFound();
  const row = await ctx.db.selectFrom('knowledge_files').select(fileColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw fileNotFound();
  return toFile(row);
}

/** Passages sent when a citation is opened: a 20 MB file's text is more than anyone reads in a drawer. */
export const MAX_OPENED_PASSAGES = 400;

/**
 * A file's text as its passages, for whoever may read the file: admins, and members who can use a
 * published agent given it (knowledge_files' policy decides, so the check is the same one retrieval
 * passes). Anyone else, and an unfinished file, is 404: a file id is as good as unknown to them.
 */
export async function fileText(ctx: UserContext, id: string): Promise<KnowledgeFilePassages> {
  const file = await ctx.db.selectFrom('knowledge_files').select(['id', 'name', 'mime', 'status']).where('id', '=', id).executeTakeFirst();
  if (!file || file.status !== 'ready') throw fileNotFound();
  const rows = await ctx.db
    .selectFrom('knowledge_chunks')
    .select(['ordinal', 'text'])
    .where('file_id', '=', id)
    .orderBy('ordinal')
    .limit(MAX_OPENED_PASSAGES + 1)
    .execute();
  return { file: { id: file.id, name: file.name, mime: file.mime }, passages: rows.slice(0, MAX_OPENED_PASSAGES), truncated: rows.length > MAX_OPENED_PASSAGES };
}

export async function listKnowledgeFiles(ctx: UserContext, ids: string[]): Promise<KnowledgeFile[]> {
  requireAdmin(ctx);
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('knowledge_files').select(fileColumns).where('id', 'in', ids).orderBy('created_at', 'desc').execute();
  return rows.map(toFile);
}

/**
 * Adds a slice of a file's passages (ordinals from `start`). A file's passages are written in small
 * transactions of their own (see knowledge-runtime.ts): the embedded database runs each statement on
 * the event loop, and one transaction of 3,000 passages held every other request for seconds.
 */
export async function appendFilePassages(ctx: UserContext, id: string, start: number, chunks: string[]): Promise<void> {
  requireAdmin(ctx);
  if (start === 0) await ctx.db.deleteFrom('knowledge_chunks').where('file_id', '=', id).execute();
  if (chunks.length === 0) return;
  await ctx.db
    .insertInto('knowledge_chunks')
    .values(chunks.map((chunk, i) => ({ source_type: 'file' as const, content_id: null, file_id: id, ordinal: start + i, text: chunk })))
    .execute();
}

/** Records the outcome of reading a file: how many passages were written, or why it could not be read. */
export async function finishKnowledgeFile(ctx: UserContext, id: string, outcome: { chunks: number } | { error: string }): Promise<KnowledgeFile> {
  requireAdmin(ctx);
  if ('error' in outcome) {
    await ctx.db.deleteFrom('knowledge_chunks').where('file_id', '=', id).execute();
    await ctx.db.updateTable('knowledge_files').set({ status: 'failed', error: outcome.error.slice(0, 1000), chunk_count: 0, upload: null }).where('id', '=', id).execute();
  } else {
    const count = outcome.chunks;
    await ctx.db
      .updateTable('knowledge_files')
      // The kept bytes go once read: the passages are what answers use.
      .set(count > 0 ? { status: 'ready', error: null, chunk_count: count, upload: null } : { status: 'failed', error: 'This file contains no text.', chunk_count: 0, upload: null })
      .where('id', '=', id)
      .execute();
  }
  return getKnowledgeFile(ctx, id);
}

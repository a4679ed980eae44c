import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db-schema.js';
import { z } from 'zod';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import { assumeIdentity, type RequestMeta, runAnonymous, type UserContext } from '../../lib/transactions.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/index.js';
import { type KnowledgeFileKind, knowledgeMimeTypes, UnreadableFileError } from './file-parsing.js';
import { createFileReader, type FileReaderLimits } from './file-reader.js';
import { appendFilePassages, finishKnowledgeFile } from './knowledge.service.js';
import { detectVectorSupport, type Embedder, type VectorSupport } from './vector-search.js';

/**
 * What the knowledge feature keeps for the life of the server: how vectors are compared here, the
 * embedding model (none until an AI connection can name one — then only `embedder` changes), and
 * the job that reads uploaded files (registered with the platform runner by the routes).
 */
export interface KnowledgeRuntime {
  vectorSupport: VectorSupport;
  embedder: Embedder | null;
  /** The question's embedding, or null without an embedding model. Call it outside a transaction. */
  embedQuestion(question: string): Promise<number[] | null>;
  /** Reads an uploaded file (its kept bytes) into passages, or records why it cannot be read. */
  readFileJob: JobDefinition<ReadFilePayload>;
}

export const readFilePayload = z.object({ fileId: z.uuid(), uploadedBy: z.uuid() });
export type ReadFilePayload = z.infer<typeof readFilePayload>;

/** A reading that failed for a reason other than the file itself (a crashed worker, the database) is tried again. */
export const READ_FILE_RETRY = { attempts: 3, backoffMs: 10_000, maxBackoffMs: 60_000 };
const GENERIC_FAILURE = 'This file could not be read. Check that it opens on your computer, then upload it again.';
const kindOfMime = new Map(Object.entries(knowledgeMimeTypes).map(([kind, mime]) => [mime as string, kind as KnowledgeFileKind]));

/** Bytes of a kept upload read per query. */
const UPLOAD_SLICE = 1024 * 1024;

/** Passages written per transaction: ~20 ms of the embedded database's time, so requests interleave. */
const PASSAGE_BATCH = 10;

export const UNFINISHED_FILE_REASON = encodeReason('knowledge_read_interrupted');

/**
 * Files left 'processing' without kept bytes (read in memory before migration 0038, so nothing can
 * finish them) become 'failed' with a reason, so nobody waits on them for ever. Files with bytes
 * have a job that reads them, after a restart too. The embedded database has one server (the data-folder
 * lock), so every such file is orphaned; on a shared PostgreSQL another instance may still be
 * reading a recent one, so only files untouched for 10 minutes (far longer than reading 20 MB) go.
 */
export async function failUnfinishedFiles(db: Kysely<Database>, log: FastifyBaseLogger, untouchedFor: '0 seconds' | '10 minutes'): Promise<number> {
  const meta: RequestMeta = { requestId: 'startup', ip: '127.0.0.1', onBackgroundError: (err) => log.error({ err }, 'startup task failed') };
  const failed = await runAnonymous(db, meta, async (ctx) => {
    const { rows } = await sql<{ failed: number }>`select app.fail_unfinished_knowledge_files(${UNFINISHED_FILE_REASON}, ${untouchedFor}::interval) as failed`.execute(ctx.db);
    return rows[0]?.failed ?? 0;
  });
  if (failed > 0) log.warn({ event: 'knowledge.files.unfinished_failed', failed }, 'knowledge files left unread by a restart were marked failed');
  return failed;
}

/** `embedder` stays null until an AI connection can name an embedding model (issue 13's connections). */
export async function createKnowledgeRuntime(
  db: Kysely<Database>,
  log: FastifyBaseLogger,
  options: { singleInstance: boolean; fileReader?: FileReaderLimits },
  embedder: Embedder | null = null,
): Promise<KnowledgeRuntime> {
  const reader = createFileReader(options.fileReader);
  await failUnfinishedFiles(db, log, options.singleInstance ? '0 seconds' : '10 minutes');
  const vectorSupport = await detectVectorSupport(db);
  log.info({ event: 'knowledge.vector_support', vectorSupport }, vectorSupport === 'pgvector' ? 'vector similarity with pgvector' : 'vector similarity over real[] (no pgvector)');

  const readFileJob = defineJob({
    name: 'knowledge.file.read',
    payload: readFilePayload,
    retry: READ_FILE_RETRY,
    // Longer than the reader's own time limit plus writing 3,000 passages.
    leaseMs: 5 * 60_000,
    async handle({ fileId, uploadedBy }, run) {
      const meta: RequestMeta = { requestId: `job-${run.id}`, ip: '127.0.0.1', onBackgroundError: (err) => run.log.error({ err, event: 'knowledge.file.after_commit_failed' }, 'work after reading a file failed') };
      // Files are admins' records (RLS): the job acts as the admin who uploaded it, whose upload it finishes.
      const asUploader = <T>(fn: (ctx: UserContext) => Promise<T>) => runAnonymous(db, meta, async (ctx) => fn(await assumeIdentity(ctx, uploadedBy, 'admin')));
      const file = await asUploader((ctx) =>
        ctx.db.selectFrom('knowledge_files').select(['status', 'mime', sql<number | null>`octet_length(upload)`.as('size')]).where('id', '=', fileId).executeTakeFirst(),
      );
      // Deleted, or already read by an earlier attempt that finished: nothing to do (delivery is at least once).
      if (!file || file.status !== 'processing' || file.size === null) return;
      const kind = kindOfMime.get(file.mime);
      let outcome: { chunks: number } | { error: string };
      try {
        if (!kind) throw new UnreadableFileError(GENERIC_FAILURE, 'knowledge_read_failed');
        // Read in slices: the driver decodes a bytea on the event loop, and 20 MB at once stalled it.
        const parts: Buffer[] = [];
        for (let offset = 0; offset < file.size; offset += UPLOAD_SLICE) {
          const slice = await asUploader((ctx) =>
            ctx.db.selectFrom('knowledge_files').select(sql<Uint8Array>`substring(upload from ${offset + 1}::int for ${UPLOAD_SLICE}::int)`.as('part')).where('id', '=', fileId).executeTakeFirstOrThrow(),
          );
          parts.push(Buffer.from(slice.part.buffer, slice.part.byteOffset, slice.part.byteLength));
          await new Promise((resolve) => setImmediate(resolve));
        }
        const bytes = Buffer.concat(parts);
        const chunks = await reader.read(kind, bytes);
        // Passage writes start by removing earlier ones, so an attempt after a crash starts clean.
        for (let start = 0; start === 0 || start < chunks.length; start += PASSAGE_BATCH) {
          await asUploader((ctx) => appendFilePassages(ctx, fileId, start, chunks.slice(start, start + PASSAGE_BATCH)));
          await new Promise((resolve) => setImmediate(resolve));
        }
        outcome = { chunks: chunks.length };
      } catch (error) {
        if (error instanceof UnreadableFileError) {
          outcome = { error: error.reason };
        } else if (run.attempt < READ_FILE_RETRY.attempts) {
          throw error;
        } else {
          log.warn({ err: error, event: 'knowledge.file.parse_error', fileId }, 'file could not be parsed');
          outcome = { error: encodeReason('knowledge_read_failed') };
        }
      }
      const finished = await asUploader((ctx) => finishKnowledgeFile(ctx, fileId, outcome));
      log.info({ event: 'knowledge.file.processed', fileId, status: finished.status, chunks: finished.chunks }, 'knowledge file processed');
    },
  });

  return {
    vectorSupport,
    embedder,
    async embedQuestion(question) {
      if (!embedder) return null;
      const [vector] = await embedder.embed([question]);
      return vector ?? null;
    },
    readFileJob,
  };
}

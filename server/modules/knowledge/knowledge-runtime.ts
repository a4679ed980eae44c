import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db-schema.js';
import type { AccessClaims } from '../../lib/tokens.js';
import { type RequestMeta, runAnonymous, runAsUser } from '../../lib/transactions.js';
import { type KnowledgeFileKind, UnreadableFileError } from './file-parsing.js';
import { createFileReader, type FileReaderLimits } from './file-reader.js';
import { appendFilePassages, finishKnowledgeFile } from './knowledge.service.js';
import { detectVectorSupport, type Embedder, type VectorSupport } from './vector-search.js';

/**
 * What the knowledge feature keeps for the life of the server: how vectors are compared here, the
 * embedding model (none until an AI connection can name one — then only `embedder` changes), and
 * the files being read, so closing the server waits for them.
 */
export interface KnowledgeRuntime {
  vectorSupport: VectorSupport;
  embedder: Embedder | null;
  /** The question's embedding, or null without an embedding model. Call it outside a transaction. */
  embedQuestion(question: string): Promise<number[] | null>;
  /** Reads an uploaded file in the background and records its passages or why it failed. */
  processFile(input: { fileId: string; kind: KnowledgeFileKind; bytes: Buffer; claims: AccessClaims; meta: RequestMeta }): Promise<void>;
  /** Resolves once every file being read has been recorded. */
  drain(): Promise<void>;
}

/** Passages written per transaction: ~20 ms of the embedded database's time, so requests interleave. */
const PASSAGE_BATCH = 10;

export const UNFINISHED_FILE_REASON = 'Reading this file was interrupted when the server restarted. Upload it again to read it.';

/**
 * Files left 'processing' by a restart (they were being read in memory) become 'failed' with a
 * reason, so nobody waits on them for ever. The embedded database has one server (the data-folder
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
  const inFlight = new Set<Promise<void>>();

  return {
    vectorSupport,
    embedder,
    async embedQuestion(question) {
      if (!embedder) return null;
      const [vector] = await embedder.embed([question]);
      return vector ?? null;
    },
    processFile({ fileId, kind, bytes, claims, meta }) {
      const task = (async () => {
        let outcome: { chunks: number } | { error: string };
        try {
          const chunks = await reader.read(kind, bytes);
          for (let start = 0; start === 0 || start < chunks.length; start += PASSAGE_BATCH) {
            await runAsUser(db, claims, meta, (ctx) => appendFilePassages(ctx, fileId, start, chunks.slice(start, start + PASSAGE_BATCH)));
            await new Promise((resolve) => setImmediate(resolve));
          }
          outcome = { chunks: chunks.length };
        } catch (error) {
          if (!(error instanceof UnreadableFileError)) log.warn({ err: error, event: 'knowledge.file.parse_error', fileId }, 'file could not be parsed');
          outcome = { error: error instanceof UnreadableFileError ? error.message : 'This file could not be read. Check that it opens on your computer, then upload it again.' };
        }
        const file = await runAsUser(db, claims, meta, (ctx) => finishKnowledgeFile(ctx, fileId, outcome));
        log.info({ event: 'knowledge.file.processed', fileId, status: file.status, chunks: file.chunks }, 'knowledge file processed');
      })().catch((err: unknown) => log.error({ err, event: 'knowledge.file.failed', fileId }, 'could not record a knowledge file'));
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      return task;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

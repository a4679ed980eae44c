import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db-schema.js';
import type { AccessClaims } from '../../lib/tokens.js';
import { type RequestMeta, runAsUser } from '../../lib/transactions.js';
import { extractFileText, type KnowledgeFileKind, UnreadableFileError } from './file-parsing.js';
import { finishKnowledgeFile } from './knowledge.service.js';
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

/** `embedder` stays null until an AI connection can name an embedding model (issue 13's connections). */
export async function createKnowledgeRuntime(db: Kysely<Database>, log: FastifyBaseLogger, embedder: Embedder | null = null): Promise<KnowledgeRuntime> {
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
        let outcome: { text: string } | { error: string };
        try {
          outcome = { text: await extractFileText(kind, bytes) };
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

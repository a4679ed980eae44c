import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db-schema.js';
import type { UserContext } from '../../lib/transactions.js';

/**
 * How vector similarity is computed where it is used: with pgvector's operators when the `vector`
 * extension is installed, else over plain `real[]` in SQL (fine for an organisation's own corpus).
 */
export type VectorSupport = 'pgvector' | 'arrays';

/** Checked once at start: the extension must already be installed (creating it needs a superuser). */
export async function detectVectorSupport(db: Kysely<Database>): Promise<VectorSupport> {
  const { rows } = await sql<{ installed: boolean }>`select exists (select 1 from pg_extension where extname = 'vector') as installed`.execute(db);
  return rows[0]?.installed ? 'pgvector' : 'arrays';
}

/** An embedding model: turns passages and questions into vectors of one fixed size. */
export interface Embedder {
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * Passages of the given sources nearest to a question's embedding, best first. Only passages that
 * were embedded take part; row-level security still decides which ones the caller may read.
 */
export async function nearestPassageIds(
  ctx: UserContext,
  support: VectorSupport,
  sourceIds: string[],
  embedding: number[],
  limit: number,
): Promise<Array<{ id: string; similarity: number }>> {
  if (sourceIds.length === 0 || embedding.length === 0) return [];
  const similarity =
    support === 'pgvector'
      ? sql<number>`1 - (kc.embedding::vector <=> ${`[${embedding.join(',')}]`}::vector)`
      : sql<number>`(select sum(a * b) from unnest(kc.embedding, ${embedding}::real[]) as t(a, b))
          / nullif(sqrt((select sum(a * a) from unnest(kc.embedding) as a)) * sqrt((select sum(b * b) from unnest(${embedding}::real[]) as b)), 0)`;
  const { rows } = await sql<{ id: string; similarity: number }>`
    select kc.id, ${similarity} as similarity
      from knowledge_chunks kc
     where kc.source_id = any(${sourceIds}::uuid[])
       and kc.embedding is not null
       and cardinality(kc.embedding) = ${embedding.length}
     order by similarity desc nulls last, kc.id
     limit ${limit}`.execute(ctx.db);
  return rows.map((r) => ({ id: r.id, similarity: Number(r.similarity) }));
}

import { sql } from 'kysely';
import type { AgentKnowledge } from '../../../contracts/knowledge.js';
import type { UserContext } from '../../lib/transactions.js';
import { estimateTokens } from './chunking.js';
import type { Grounding, Passage } from './knowledge-prompt.js';
import { nearestPassageIds, type VectorSupport } from './vector-search.js';

/** How much of the model's context the material may take (estimated tokens). */
export const PASSAGE_TOKEN_BUDGET = 1500;
export const MAX_PASSAGES = 6;
/** Candidates ranked before the budget is applied. */
const CANDIDATES = 24;
/** A passage scoring under this share of the best one is not relevant enough to send. */
const RELATIVE_FLOOR = 0.25;
/** Without a match, a non-strict agent still sees the openings of this many sources. */
const OVERVIEW_SOURCES = 3;

interface Candidate extends Passage {
  id: string;
  score: number;
}

type Row = { id: string; source_type: Passage['sourceType']; source_id: string; text: string; title: string; rank: number };

/**
 * Full-text candidates, ranked by cover density. First the passages holding every term of the
 * question (precise, and cheap: the index finds few rows); only when there are none, every passage
 * sharing a word with it (stemmed, stop words dropped) — questions rarely use the text's own words.
 * Row-level security hides passages whose source the caller may not read.
 */
async function lexicalCandidates(ctx: UserContext, sourceIds: string[], question: string): Promise<Row[]> {
  // The queries are written inline, not in a CTE: only a query the planner can see as a constant
  // is used as a full-text index condition.
  const allTerms = sql`websearch_to_tsquery('english', ${question})`;
  const anyTerm = sql`nullif(replace(plainto_tsquery('english', ${question})::text, ' & ', ' | '), '')::tsquery`;
  const ranked = async (mode: 'all' | 'any') => {
    // Every term: few passages match, so find them through the full-text index first (the CTE is
    // materialised to keep it so). Any term: common words match most passages, so let the planner
    // start from the agent's sources instead.
    const { rows } = await sql<Row>`
      with matches as ${mode === 'all' ? sql`materialized` : sql`not materialized`} (
        select kc.id, kc.source_type, kc.source_id, kc.ordinal, kc.text, kc.content_id, kc.file_id, kc.search
          from knowledge_chunks kc
         where kc.search @@ ${mode === 'all' ? allTerms : anyTerm}
      )
      select m.id, m.source_type, m.source_id, m.text,
             coalesce(ci.title, kf.name, '') as title,
             ts_rank_cd(m.search, ${anyTerm}, 32) + case when m.search @@ ${allTerms} then 1 else 0 end as rank
        from matches m
        left join content_items ci on ci.id = m.content_id
        left join knowledge_files kf on kf.id = m.file_id
       where m.source_id = any(${sourceIds}::uuid[])
       order by rank desc, m.source_id, m.ordinal
       limit ${CANDIDATES}`.execute(ctx.db);
    return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
  };
  const precise = await ranked('all');
  return precise.length > 0 ? precise : ranked('any');
}

async function passagesById(ctx: UserContext, ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Row>`
    select kc.id, kc.source_type, kc.source_id, kc.text, coalesce(ci.title, kf.name, '') as title, 0 as rank
      from knowledge_chunks kc
      left join content_items ci on ci.id = kc.content_id
      left join knowledge_files kf on kf.id = kc.file_id
     where kc.id = any(${ids}::uuid[])`.execute(ctx.db);
  return rows;
}

/** The first passage of each source, in the order the agent lists them. */
async function overview(ctx: UserContext, sourceIds: string[]): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select kc.id, kc.source_type, kc.source_id, kc.text, coalesce(ci.title, kf.name, '') as title, 0 as rank
      from knowledge_chunks kc
      left join content_items ci on ci.id = kc.content_id
      left join knowledge_files kf on kf.id = kc.file_id
     where kc.source_id = any(${sourceIds}::uuid[]) and kc.ordinal = 0
     order by array_position(${sourceIds}::uuid[], kc.source_id)
     limit ${OVERVIEW_SOURCES}`.execute(ctx.db);
  return rows;
}

/** Keeps the best passages that fit the budget, in rank order. */
export function withinBudget<T extends { text: string; score: number }>(ranked: T[], budgetTokens = PASSAGE_TOKEN_BUDGET, maxPassages = MAX_PASSAGES): T[] {
  const best = ranked[0]?.score ?? 0;
  const kept: T[] = [];
  let used = 0;
  for (const candidate of ranked) {
    if (kept.length >= maxPassages) break;
    if (best > 0 && candidate.score < best * RELATIVE_FLOOR) break;
    const cost = estimateTokens(candidate.text);
    if (used + cost > budgetTokens) continue;
    kept.push(candidate);
    used += cost;
  }
  return kept;
}

/** Reciprocal rank fusion: merges two rankings without comparing their incompatible scores. */
function fuse(lexical: Row[], vector: Array<{ id: string }>, byId: Map<string, Row>): Candidate[] {
  const scores = new Map<string, number>();
  lexical.forEach((r, i) => scores.set(r.id, (scores.get(r.id) ?? 0) + 1 / (60 + i)));
  vector.forEach((r, i) => scores.set(r.id, (scores.get(r.id) ?? 0) + 1 / (60 + i)));
  return [...scores.entries()]
    .flatMap(([id, score]) => {
      const row = byId.get(id);
      return row ? [{ ...toPassage(row), id, score }] : [];
    })
    .sort((a, b) => b.score - a.score);
}

const toPassage = (r: Row): Passage => ({ sourceType: r.source_type, sourceId: r.source_id, title: r.title, text: r.text });

export interface RetrievalOptions {
  vectorSupport: VectorSupport;
  /** The question's embedding, computed before the transaction; null without an embedding model. */
  questionEmbedding: number[] | null;
}

/**
 * The passages of an agent's material relevant to a question, within the token budget. The agent's
 * list narrows the sources; row-level security removes any the member may not read (a document not
 * assigned to their community is never retrieved, whatever the agent was given).
 */
export async function retrieveGrounding(ctx: UserContext, knowledge: AgentKnowledge, question: string, options: RetrievalOptions): Promise<Grounding> {
  const sourceIds = [...new Set([...knowledge.contentIds, ...knowledge.fileIds])];
  const lexical = await lexicalCandidates(ctx, sourceIds, question);
  let ranked: Candidate[];
  if (options.questionEmbedding) {
    const nearest = await nearestPassageIds(ctx, options.vectorSupport, sourceIds, options.questionEmbedding, CANDIDATES);
    const byId = new Map(lexical.map((r) => [r.id, r]));
    for (const row of await passagesById(ctx, nearest.map((n) => n.id).filter((id) => !byId.has(id)))) byId.set(row.id, row);
    // Fused scores are all alike in size; the relative floor is for lexical ranks only.
    ranked = fuse(lexical, nearest, byId).map((c) => ({ ...c, score: 1 }));
  } else {
    ranked = lexical.map((r) => ({ ...toPassage(r), id: r.id, score: r.rank }));
  }
  if (ranked.length > 0) return { strict: knowledge.strict, matched: true, passages: withinBudget(ranked).map(({ id: _id, score: _score, ...p }) => p) };
  // Nothing matched ("summarise this", a question in other words): a strict agent is told so and
  // says the answer is not in its material; another agent gets its material's openings.
  if (knowledge.strict) return { strict: true, matched: false, passages: [] };
  const openings = await overview(ctx, sourceIds);
  return { strict: false, matched: false, passages: withinBudget(openings.map((r) => ({ ...toPassage(r), score: 0 }))).map(({ score: _score, ...p }) => p) };
}

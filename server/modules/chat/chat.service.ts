import type { ModelMessage } from 'ai';
import { sql } from 'kysely';
import type { ChatMessage } from '../../../contracts/conversations.js';
import type { AgentKnowledge, Citation } from '../../../contracts/knowledge.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import type { RunOutcome } from '../../platform/ai/index.js';
import { getConversation, requireUsableAgent, toMessage } from '../conversations/conversations.service.js';
import { isFeatureOn, requireFeature } from '../flags/flags.service.js';
import { citationsOf, groundedSystemPrompt, type RetrievalOptions, retrieveGrounding } from '../knowledge/knowledge.service.js';

/** How much history is sent back to the model with each turn. */
export const HISTORY_MESSAGES = 40;
const DEFAULT_TITLE = 'New conversation';

export interface Turn {
  conversationId: string;
  userMessageId: string;
  title: string;
  agent: { id: string; systemPrompt: string; model: string | null; connectionId: string | null; temperature: number; maxOutputTokens: number };
  history: ModelMessage[];
  /** The system prompt sent: the agent's, plus its relevant material when it has knowledge. */
  system: string;
  /** The sources sent with this turn (knowledge-grounded agents); empty otherwise. */
  citations: Citation[];
}

/** A conversation's title from its first message: its first line, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim())?.trim() ?? DEFAULT_TITLE;
  if (line.length <= 60) return line;
  const cut = line.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 30 ? cut.lastIndexOf(' ') : 60)}…`;
}

export type TurnRequest = { kind: 'send'; text: string; replaceFromMessageId?: string | undefined } | { kind: 'regenerate' };

/**
 * Saves the member's message (or, to regenerate, drops the last answer) and rebuilds the history
 * from the database: a client never sends history or a system prompt.
 */
export async function prepareTurn(ctx: UserContext, conversationId: string, request: TurnRequest, retrieval?: RetrievalOptions): Promise<Turn> {
  await requireFeature(ctx, 'sandbox');
  const conversation = await getConversation(ctx, conversationId);
  if (!conversation.agentId) throw notFound('The agent of this conversation');
  const agent = await requireUsableAgent(ctx, conversation.agentId);

  let userMessageId: string;
  if (request.kind === 'send') {
    if (request.replaceFromMessageId) await truncateFrom(ctx, conversationId, request.replaceFromMessageId);
    const inserted = await ctx.db
      .insertInto('messages')
      .values({ conversation_id: conversationId, user_id: ctx.actor.userId, role: 'user', text: request.text })
      .returning('id')
      .executeTakeFirstOrThrow();
    userMessageId = inserted.id;
  } else {
    const lastUser = await ctx.db
      .selectFrom('messages')
      .select(['id'])
      .where('conversation_id', '=', conversationId)
      .where('role', '=', 'user')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!lastUser) throw new AppError('nothing_to_answer_again', 'There is no message to answer again yet.');
    // Compared inside the database: a JavaScript Date would round the microseconds away.
    await ctx.db
      .deleteFrom('messages')
      .where('conversation_id', '=', conversationId)
      .where('created_at', '>', (eb) => eb.selectFrom('messages').select('created_at').where('id', '=', lastUser.id))
      .execute();
    userMessageId = lastUser.id;
  }

  let title = conversation.title;
  if (title === DEFAULT_TITLE && request.kind === 'send') title = titleFrom(request.text);
  await ctx.db.updateTable('conversations').set({ title, updated_at: new Date() }).where('id', '=', conversationId).execute();

  const rows = await ctx.db
    .selectFrom('messages')
    .select(['role', 'text'])
    .where('conversation_id', '=', conversationId)
    .where('text', '<>', '')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_MESSAGES)
    .execute();
  const question = rows.find((m) => m.role === 'user')?.text ?? '';
  const history: ModelMessage[] = rows.reverse().map((m) => (m.role === 'user' ? { role: 'user', content: m.text } : { role: 'assistant', content: m.text }));
  const knowledge = { contentIds: agent.knowledge_content_ids, fileIds: agent.knowledge_file_ids, strict: agent.knowledge_strict };
  const grounded = await groundTurn(ctx, knowledge, agent.system_prompt, question, retrieval);
  return {
    conversationId,
    userMessageId,
    title,
    agent: {
      id: agent.id,
      systemPrompt: agent.system_prompt,
      model: agent.model,
      connectionId: agent.connection_id,
      temperature: Number(agent.temperature),
      maxOutputTokens: agent.max_output_tokens,
    },
    history,
    ...grounded,
  };
}

/** Retrieval on every turn: the agent's material relevant to the member's latest message. */
async function groundTurn(ctx: UserContext, knowledge: AgentKnowledge, systemPrompt: string, question: string, retrieval: RetrievalOptions | undefined): Promise<Pick<Turn, 'system' | 'citations'>> {
  const hasMaterial = knowledge.contentIds.length + knowledge.fileIds.length > 0;
  if (!hasMaterial || !(await isFeatureOn(ctx, 'knowledge'))) return { system: systemPrompt, citations: [] };
  const grounding = await retrieveGrounding(ctx, knowledge, question, retrieval ?? { vectorSupport: 'arrays', questionEmbedding: null });
  return { system: groundedSystemPrompt(systemPrompt, grounding), citations: citationsOf(grounding.passages) };
}

/** Edit-and-resend: removes a user message of this conversation and everything after it. */
async function truncateFrom(ctx: UserContext, conversationId: string, messageId: string): Promise<void> {
  const from = await ctx.db.selectFrom('messages').select(['role']).where('id', '=', messageId).where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!from || from.role !== 'user') throw notFound('That message');
  await ctx.db
    .deleteFrom('messages')
    .where('conversation_id', '=', conversationId)
    .where('created_at', '>=', (eb) => eb.selectFrom('messages').select('created_at').where('id', '=', messageId))
    .execute();
}

export interface AnswerOutcome extends RunOutcome {
  citations: Citation[];
}

/** The UTF-8 bytes sent to the model for a turn (to estimate its cost before calling, whatever the script). */
export function promptBytes(turn: Turn): number {
  return Buffer.byteLength(turn.system) + turn.history.reduce((n, m) => n + Buffer.byteLength(typeof m.content === 'string' ? m.content : JSON.stringify(m.content)), 0);
}

export async function saveAnswer(ctx: UserContext, conversationId: string, outcome: AnswerOutcome, cost: number | null = null): Promise<ChatMessage> {
  const row = await ctx.db
    .insertInto('messages')
    .values({
      conversation_id: conversationId,
      user_id: ctx.actor.userId,
      role: 'assistant',
      text: outcome.text,
      status: outcome.status,
      error: outcome.error,
      model: outcome.model,
      input_tokens: outcome.inputTokens,
      output_tokens: outcome.outputTokens,
      cost,
      time_to_first_token_ms: outcome.timeToFirstTokenMs,
      duration_ms: outcome.durationMs,
      citations: JSON.stringify(outcome.citations),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.updateTable('conversations').set({ updated_at: sql<Date>`now()` }).where('id', '=', conversationId).execute();
  return toMessage(row);
}

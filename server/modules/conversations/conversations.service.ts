import { sql } from 'kysely';
import type { ChatMessage, Conversation } from '../../../contracts/conversations.js';
import type { Page, PageQuery } from '../../../contracts/pagination.js';
import { notFound } from '../../lib/app-error.js';
import { decodeCursor, decodeKey, isTime, isUuid, pageOf, timeKey } from '../../lib/cursor.js';
import type { UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';
import { containing } from '../../lib/like-pattern.js';

export const conversationNotFound = () => notFound('That conversation');
const agentUnavailable = () => notFound('That agent');

const microIso = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function conversationQuery(ctx: UserContext) {
  return ctx.db
    .selectFrom('conversations as c')
    .leftJoin('content_items as ci', 'ci.id', 'c.agent_id')
    .select(['c.id', 'c.title', 'c.agent_id', 'ci.title as agent_title', 'c.pinned', 'c.created_at', 'c.updated_at'])
    .select(microIso('c.updated_at').as('cursor_at'));
}

type ConversationRow = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  title: row.title,
  agentId: row.agent_id,
  agentTitle: row.agent_title,
  pinned: row.pinned,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

/** The caller's own conversations, pinned first, then newest first; `q` searches titles and messages. */
export async function listConversations(ctx: UserContext, query: PageQuery & { q?: string | undefined }): Promise<Page<Conversation>> {
  let q = conversationQuery(ctx).where('c.user_id', '=', ctx.actor.userId);
  if (query.q) {
    const text = query.q;
    q = q.where((eb) =>
      eb.or([
        eb('c.title', 'ilike', containing(text)),
        eb.exists(
          eb
            .selectFrom('messages as m')
            .select(sql`1`.as('one'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .where(sql<boolean>`m.search @@ websearch_to_tsquery('english', ${text})`),
        ),
      ]),
    );
  }
  if (query.cursor) {
    const cursor = decodePinnedCursor(query.cursor);
    q = q.where(sql<boolean>`(c.pinned, c.updated_at, c.id) < (${cursor.pinned}, ${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await q.orderBy('c.pinned', 'desc').orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => timeKey(last.cursor_at, `${last.pinned ? 1 : 0}:${last.id}`));
  return { items: page.items.map(toConversation), nextCursor: page.nextCursor };
}

/** The list's key is `[time, "<pinned 0|1>:<id>"]`: pinned conversations sort first. */
function decodePinnedCursor(cursor: string): { pinned: boolean; at: string; id: string } {
  return decodeKey(cursor, (value) => {
    if (!Array.isArray(value) || !isTime(value[0]) || typeof value[1] !== 'string') return null;
    const [flag, id] = value[1].split(':');
    return (flag === '0' || flag === '1') && isUuid(id) ? { pinned: flag === '1', at: value[0], id } : null;
  });
}

export async function getConversation(ctx: UserContext, id: string): Promise<Conversation> {
  const row = await conversationQuery(ctx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw conversationNotFound();
  return toConversation(row);
}

/**
 * The agent as the caller may use it: an agent item they can see (published and assigned to one of
 * their communities; any agent for an admin trying it out). Anything else is 404.
 */
export async function requireUsableAgent(ctx: UserContext, agentId: string) {
  const agent = await ctx.db
    .selectFrom('content_items as ci')
    .innerJoin('agent_details as d', 'd.content_id', 'ci.id')
    // Its knowledge settings come along: a chat turn grounds on them without another round trip.
    .select(['ci.id', 'ci.title', 'ci.status', 'd.system_prompt', 'd.model', 'd.connection_id', 'd.temperature', 'd.max_output_tokens', 'd.knowledge_content_ids', 'd.knowledge_file_ids', 'd.knowledge_strict'])
    .where('ci.id', '=', agentId)
    .where('ci.kind', '=', 'agent')
    .executeTakeFirst();
  if (!agent) throw agentUnavailable();
  return agent;
}

export async function createConversation(ctx: UserContext, agentId: string): Promise<Conversation> {
  const agent = await requireUsableAgent(ctx, agentId);
  const row = await ctx.db.insertInto('conversations').values({ user_id: ctx.actor.userId, agent_id: agent.id }).returning('id').executeTakeFirstOrThrow();
  return getConversation(ctx, row.id);
}

export async function updateConversation(ctx: UserContext, id: string, patch: { title?: string | undefined; pinned?: boolean | undefined }): Promise<Conversation> {
  const updated = await ctx.db
    .updateTable('conversations')
    .set({ ...(patch.title === undefined ? {} : { title: patch.title }), ...(patch.pinned === undefined ? {} : { pinned: patch.pinned }) })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conversationNotFound();
  return getConversation(ctx, id);
}

export async function deleteConversation(ctx: UserContext, id: string): Promise<void> {
  const deleted = await ctx.db.deleteFrom('conversations').where('id', '=', id).returning('id').executeTakeFirst();
  if (!deleted) throw conversationNotFound();
}

const messageColumns = [
  'm.id',
  'm.role',
  'm.text',
  'm.status',
  'm.error',
  'm.model',
  'm.input_tokens',
  'm.output_tokens',
  'm.cost',
  'm.time_to_first_token_ms',
  'm.duration_ms',
  'm.created_at',
  'm.citations',
] as const;

function messagesQuery(ctx: UserContext, conversationId: string) {
  return ctx.db
    .selectFrom('messages as m')
    .select(messageColumns)
    .select(microIso('m.created_at').as('cursor_at'))
    .where('m.conversation_id', '=', conversationId);
}

type MessageRow = Awaited<ReturnType<ReturnType<typeof messagesQuery>['executeTakeFirstOrThrow']>>;

export const toMessage = (row: Omit<MessageRow, 'cursor_at'>): ChatMessage => ({
  id: row.id,
  role: row.role,
  text: row.text,
  status: row.status,
  error: row.error,
  model: row.model,
  inputTokens: row.input_tokens,
  outputTokens: row.output_tokens,
  cost: row.cost === null ? null : Number(row.cost),
  timeToFirstTokenMs: row.time_to_first_token_ms,
  durationMs: row.duration_ms,
  createdAt: iso(row.created_at),
  citations: (row.citations ?? []) as ChatMessage['citations'],
});

/** The latest `limit` messages before the cursor, returned oldest first; `nextCursor` loads older ones. */
export async function listMessages(ctx: UserContext, conversationId: string, query: { limit: number; before?: string | undefined }): Promise<Page<ChatMessage>> {
  await getConversation(ctx, conversationId);
  let q = messagesQuery(ctx, conversationId);
  const cursor = decodeCursor(query.before);
  if (cursor) q = q.where(sql<boolean>`(m.created_at, m.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await q.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (oldest) => timeKey(oldest.cursor_at, oldest.id));
  return { items: page.items.reverse().map(toMessage), nextCursor: page.nextCursor };
}

/** Every message of a conversation, oldest first (exports). */
export async function allMessages(ctx: UserContext, conversationId: string): Promise<ChatMessage[]> {
  const rows = await messagesQuery(ctx, conversationId).orderBy('m.created_at').orderBy('m.id').execute();
  return rows.map(toMessage);
}

export async function exportConversation(ctx: UserContext, id: string, format: 'markdown' | 'json'): Promise<{ filename: string; contentType: string; body: string }> {
  const conversation = await getConversation(ctx, id);
  const messages = await allMessages(ctx, id);
  const slug = conversation.title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-').replaceAll(/^-|-$/g, '').slice(0, 60) || 'conversation';
  if (format === 'json') {
    return { filename: `${slug}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ conversation, messages }, null, 2) };
  }
  const lines = [`# ${conversation.title}`, '', `Agent: ${conversation.agentTitle ?? 'removed agent'} · Started ${conversation.createdAt}`, ''];
  for (const m of messages) {
    lines.push(`## ${m.role === 'user' ? 'You' : (conversation.agentTitle ?? 'Assistant')} · ${m.createdAt}`, '', m.text || '_(no text)_', '');
    if (m.status !== 'complete') lines.push(`> ${m.status === 'stopped' ? 'Stopped before the end.' : `Failed: ${m.error ?? 'unknown error'}`}`, '');
  }
  return { filename: `${slug}.md`, contentType: 'text/markdown; charset=utf-8', body: lines.join('\n') };
}

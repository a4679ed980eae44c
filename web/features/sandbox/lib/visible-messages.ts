import type { ChatMessage, ChatMessageMetadata } from '../../../../contracts/conversations.js';
import type { StreamStatus, TurnRequest } from '../api/answer-stream.js';

/** The turn being streamed (or just streamed), shown over the saved messages until they include it. */
export interface LiveTurn {
  key: number;
  request: TurnRequest;
  /** streaming → settling (fetching the saved messages) → done (kept: they could not be fetched, or nothing was saved). */
  phase: 'streaming' | 'settling' | 'done';
  text: string;
  status: 'streaming' | StreamStatus;
  error: unknown;
  /** The server accepted the request: the member's message is saved. */
  accepted: boolean;
  metadata: ChatMessageMetadata;
}

export type DisplayMessage =
  | { kind: 'saved'; message: ChatMessage }
  | { kind: 'live-user'; text: string }
  | { kind: 'live-assistant'; turn: LiveTurn };

function hasSavedAnswer(saved: ChatMessage[], userMessageId: string | undefined): boolean {
  if (!userMessageId) return false;
  const index = saved.findIndex((m) => m.id === userMessageId);
  return index >= 0 && saved[index + 1]?.role === 'assistant';
}

/**
 * What the conversation shows: the saved messages, with the live turn applied the way the server
 * applies it — edit-and-resend drops that message and everything after it, regenerate drops the
 * answer after the last message — until the saved messages contain the turn themselves.
 */
export function visibleMessages(saved: ChatMessage[], live: LiveTurn | null): DisplayMessage[] {
  const asSaved = (list: ChatMessage[]): DisplayMessage[] => list.map((message) => ({ kind: 'saved', message }));
  if (!live) return asSaved(saved);
  if (live.phase !== 'streaming' && hasSavedAnswer(saved, live.metadata.userMessageId)) return asSaved(saved);

  let base = saved;
  // A refused request (429, offline…) changed nothing on the server: show everything as it is.
  const applies = live.accepted || live.status === 'streaming';
  if (applies && live.request.kind === 'send' && live.request.replaceFromMessageId) {
    const from = saved.findIndex((m) => m.id === (live.request.kind === 'send' ? live.request.replaceFromMessageId : ''));
    if (from >= 0) base = saved.slice(0, from);
  } else if (applies && live.request.kind === 'regenerate') {
    const lastUser = saved.map((m) => m.role).lastIndexOf('user');
    if (lastUser >= 0) base = saved.slice(0, lastUser + 1);
  }

  const out = asSaved(base);
  if (live.request.kind === 'send') {
    const userId = live.metadata.userMessageId;
    if (!userId || !base.some((m) => m.id === userId)) out.push({ kind: 'live-user', text: live.request.text });
  }
  out.push({ kind: 'live-assistant', turn: live });
  return out;
}

import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../contracts/conversations.js';
import { visibleMessages, type LiveTurn } from './visible-messages.js';

function message(id: string, role: 'user' | 'assistant', text = id): ChatMessage {
  return {
    id,
    role,
    text,
    status: 'complete',
    error: null,
    model: role === 'assistant' ? 'offline-demo' : null,
    inputTokens: null,
    outputTokens: null,
    cost: null,
    timeToFirstTokenMs: null,
    durationMs: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    citations: [],
  };
}

const saved = [message('u1', 'user'), message('a1', 'assistant'), message('u2', 'user'), message('a2', 'assistant')];

function live(overrides: Partial<LiveTurn>): LiveTurn {
  return {
    key: 1,
    request: { kind: 'send', text: 'new question' },
    phase: 'streaming',
    text: 'partial',
    status: 'streaming',
    error: null,
    accepted: true,
    metadata: {},
    ...overrides,
  };
}

const shape = (list: ReturnType<typeof visibleMessages>) =>
  list.map((d) => (d.kind === 'saved' ? d.message.id : d.kind === 'live-user' ? `you:${d.text}` : `answer:${d.turn.text}`));

describe('visibleMessages', () => {
  it('shows the saved messages as they are without a live turn', () => {
    expect(shape(visibleMessages(saved, null))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('appends the sent message and the streaming answer', () => {
    expect(shape(visibleMessages(saved, live({})))).toEqual(['u1', 'a1', 'u2', 'a2', 'you:new question', 'answer:partial']);
  });

  it('drops the edited message and everything after it while the edit streams', () => {
    const turn = live({ request: { kind: 'send', text: 'edited', replaceFromMessageId: 'u2' } });
    expect(shape(visibleMessages(saved, turn))).toEqual(['u1', 'a1', 'you:edited', 'answer:partial']);
  });

  it('replaces the last answer while regenerating', () => {
    const turn = live({ request: { kind: 'regenerate' } });
    expect(shape(visibleMessages(saved, turn))).toEqual(['u1', 'a1', 'u2', 'answer:partial']);
  });

  it('changes nothing saved when the server refused the request, and still shows the unsent message with its error', () => {
    const turn = live({ request: { kind: 'regenerate' }, phase: 'done', status: 'error', accepted: false });
    expect(shape(visibleMessages(saved, turn))).toEqual(['u1', 'a1', 'u2', 'a2', 'answer:partial']);
  });

  it('hands over to the saved messages once they contain the answer, so nothing shows twice', () => {
    const withTurn = [...saved, message('u3', 'user', 'new question'), message('a3', 'assistant')];
    const turn = live({ phase: 'settling', status: 'complete', metadata: { userMessageId: 'u3' } });
    expect(shape(visibleMessages(withTurn, turn))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../contracts/conversations.js';
import { dateGroupOf, groupConversations } from './date-groups.js';

const now = new Date(2025, 5, 15, 10, 30); // 15 June 2025, 10:30 local time

function conversation(id: string, updatedAt: Date, pinned = false): Conversation {
  return {
    id,
    title: id,
    agentId: null,
    agentTitle: null,
    pinned,
    createdAt: updatedAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

describe('dateGroupOf', () => {
  it('puts anything since local midnight in Today', () => {
    expect(dateGroupOf(new Date(2025, 5, 15, 0, 1).toISOString(), now)).toBe('today');
  });

  it('puts late yesterday evening in Yesterday even when less than 24 hours ago', () => {
    expect(dateGroupOf(new Date(2025, 5, 14, 23, 59).toISOString(), now)).toBe('yesterday');
  });

  it('puts two to seven days ago in Previous 7 days and earlier in Older', () => {
    expect(dateGroupOf(new Date(2025, 5, 13, 12).toISOString(), now)).toBe('week');
    expect(dateGroupOf(new Date(2025, 5, 8, 12).toISOString(), now)).toBe('week');
    expect(dateGroupOf(new Date(2025, 5, 7, 12).toISOString(), now)).toBe('older');
  });

  it('treats a clock slightly in the future as today and garbage as older', () => {
    expect(dateGroupOf(new Date(2025, 5, 15, 11).toISOString(), now)).toBe('today');
    expect(dateGroupOf('not a date', now)).toBe('older');
  });
});

describe('groupConversations', () => {
  it('lists pinned conversations first whatever their date, then the date groups in order', () => {
    const groups = groupConversations(
      [
        conversation('today-1', new Date(2025, 5, 15, 9)),
        conversation('pinned-old', new Date(2024, 0, 1), true),
        conversation('yesterday-1', new Date(2025, 5, 14, 9)),
        conversation('old-1', new Date(2025, 0, 1)),
        conversation('week-1', new Date(2025, 5, 10)),
      ],
      now,
    );
    expect(groups.map((g) => [g.key, g.items.map((i) => i.id)])).toEqual([
      ['pinned', ['pinned-old']],
      ['today', ['today-1']],
      ['yesterday', ['yesterday-1']],
      ['week', ['week-1']],
      ['older', ['old-1']],
    ]);
  });

  it('leaves out empty groups and keeps the server order inside a group', () => {
    const groups = groupConversations(
      [conversation('b', new Date(2025, 5, 15, 9)), conversation('a', new Date(2025, 5, 15, 10))],
      now,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]?.items.map((i) => i.id)).toEqual(['b', 'a']);
  });
});

/**
 * The first message of a conversation started from the agent picker: kept in memory (not in the
 * URL or history state) so a reload or Back never sends it twice.
 */
const queued = new Map<string, string>();

export function queueFirstMessage(conversationId: string, text: string): void {
  queued.set(conversationId, text);
}

export function takeFirstMessage(conversationId: string): string | null {
  const text = queued.get(conversationId) ?? null;
  queued.delete(conversationId);
  return text;
}

import type { Conversation } from '../../../../contracts/conversations.js';

export type HistoryGroupKey = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';

/** A group of the history list; its heading comes from the `sandbox` strings (history.groups). */
export interface HistoryGroup {
  key: HistoryGroupKey;
  items: Conversation[];
}

const order: HistoryGroupKey[] = ['pinned', 'today', 'yesterday', 'week', 'older'];

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Which bucket a date falls in, in the viewer's local calendar (not 24-hour windows). */
export function dateGroupOf(iso: string, now: Date): Exclude<HistoryGroupKey, 'pinned'> {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'older';
  const today = startOfDay(now);
  const day = startOfDay(at);
  // Calendar days between, robust to daylight-saving changes (23 or 25 hour days).
  const daysAgo = Math.round((today - day) / 86_400_000);
  if (daysAgo <= 0) return 'today';
  if (daysAgo === 1) return 'yesterday';
  if (daysAgo <= 7) return 'week';
  return 'older';
}

/**
 * Pinned conversations first, then by the day they were last active. Keeps the server's order
 * (newest first) within each group; empty groups are left out.
 */
export function groupConversations(items: Conversation[], now: Date = new Date()): HistoryGroup[] {
  const buckets = new Map<HistoryGroupKey, Conversation[]>();
  for (const item of items) {
    const key = item.pinned ? 'pinned' : dateGroupOf(item.updatedAt, now);
    const bucket = buckets.get(key) ?? [];
    bucket.push(item);
    buckets.set(key, bucket);
  }
  return order.flatMap((key) => {
    const bucket = buckets.get(key);
    return bucket ? [{ key, items: bucket }] : [];
  });
}

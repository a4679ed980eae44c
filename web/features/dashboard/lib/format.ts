import { type ContentKind, contentKindLabels } from '../../../../contracts/content.js';

const numberFormat = new Intl.NumberFormat();

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "Mar 5" for a YYYY-MM-DD day (read as UTC, the server's day). */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "Mar 5, 2024" for a YYYY-MM-DD day. */
export function formatLongDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "today", "3 days ago", "2 months ago"; "Never" for null. */
export function formatAgo(value: string | null, now = Date.now()): string {
  if (!value) return 'Never';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return '—';
  const days = Math.floor((now - time) / 86_400_000);
  if (days < 1) {
    const hours = Math.floor((now - time) / 3_600_000);
    return hours < 1 ? 'just now' : relative.format(-hours, 'hour');
  }
  if (days < 30) return relative.format(-days, 'day');
  if (days < 365) return relative.format(-Math.floor(days / 30), 'month');
  return relative.format(-Math.floor(days / 365), 'year');
}

export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export const kindLabel = (kind: ContentKind) => contentKindLabels[kind].one;
export const kindPlural = (kind: ContentKind) => contentKindLabels[kind].many;

export const kindColor: Record<ContentKind, string> = {
  agent: 'violet',
  video: 'red',
  document: 'blue',
  prompt: 'teal',
  automation: 'orange',
  exercise: 'grape',
};

/**
 * Every date and number the app shows, in the reader's locale. One function per way of showing
 * a value, so the same value reads the same on every page. Invalid or missing values read "—".
 */

const numberFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const DASH = '—';

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A calendar day as the server counts it (YYYY-MM-DD, UTC). */
function parseDay(day: string): Date | null {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "1,234" */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "42%" for 0.42. */
export function formatPercent(ratio: number): string {
  return percentFormat.format(ratio);
}

/** "Mar 5" for a YYYY-MM-DD day (a chart axis). */
export function formatDay(day: string): string {
  const date = parseDay(day);
  return date ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }) : day;
}

/** "Mar 5, 2024" for a YYYY-MM-DD day. */
export function formatLongDay(day: string): string {
  const date = parseDay(day);
  return date ? date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' }) : day;
}

/** "Mar 5, 2024" for a timestamp, in the reader's time zone. */
export function formatDate(value: string | null | undefined): string {
  const date = parse(value);
  return date ? date.toLocaleDateString(undefined, { dateStyle: 'medium' }) : DASH;
}

/** "Mar 5, 14:05" (the year only when it is not this year). */
export function formatDateTime(value: string | null | undefined, now: Date = new Date()): string {
  const date = parse(value);
  if (!date) return DASH;
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "just now", "5 minutes ago", "yesterday", "3 months ago"; `never` (default "Never") for null. */
export function formatAgo(value: string | null | undefined, options: { now?: number; never?: string } = {}): string {
  if (!value) return options.never ?? 'Never';
  const date = parse(value);
  if (!date) return DASH;
  const seconds = Math.round(((options.now ?? Date.now()) - date.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return relative.format(-hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days < 30) return relative.format(-days, 'day');
  if (days < 365) return relative.format(-Math.floor(days / 30), 'month');
  return relative.format(-Math.floor(days / 365), 'year');
}

/** "12 s", "3 min": how long to wait, rounded up. */
export function formatWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? `${whole} s` : `${Math.ceil(whole / 60)} min`;
}

/** The one wording for a rate limit: "Try again in 12 s." */
export function tryAgainIn(seconds: number): string {
  return `Try again in ${formatWait(seconds)}.`;
}

/** "12 KB", "3.4 MB": a file size as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

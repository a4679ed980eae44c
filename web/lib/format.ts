/**
 * Every date and number the app shows, in the app's current language (web/lib/i18n.ts), so a
 * Spanish reader sees "5 mar 2026" and "1.234". One function per way of showing a value, so the
 * same value reads the same on every page. Invalid or missing values read "—".
 */
import { currentLanguage, i18n } from './i18n.js';

const DASH = '—';

/** Intl formatters are costly to build: one per language and kind, kept. */
const cache = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat>();
function numberFormat(options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = currentLanguage();
  const key = `n:${locale}:${JSON.stringify(options ?? {})}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format as Intl.NumberFormat;
}
function relative(): Intl.RelativeTimeFormat {
  const locale = currentLanguage();
  const key = `r:${locale}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format as Intl.RelativeTimeFormat;
}

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
  return numberFormat().format(value);
}

/** "42%" for 0.42. */
export function formatPercent(ratio: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** "Mar 5" for a YYYY-MM-DD day (a chart axis). */
export function formatDay(day: string): string {
  const date = parseDay(day);
  return date ? date.toLocaleDateString(currentLanguage(), { month: 'short', day: 'numeric', timeZone: 'UTC' }) : day;
}

/** "Mar 5, 2024" for a YYYY-MM-DD day. */
export function formatLongDay(day: string): string {
  const date = parseDay(day);
  return date ? date.toLocaleDateString(currentLanguage(), { dateStyle: 'medium', timeZone: 'UTC' }) : day;
}

/** "Mar 5, 2024" for a timestamp, in the reader's time zone. */
export function formatDate(value: string | null | undefined): string {
  const date = parse(value);
  return date ? date.toLocaleDateString(currentLanguage(), { dateStyle: 'medium' }) : DASH;
}

/** "March 1" ("1 de marzo") for a timestamp, in the reader's time zone: when a monthly allowance starts again. */
export function formatDayOfMonth(value: string | null | undefined): string {
  const date = parse(value);
  return date ? date.toLocaleDateString(currentLanguage(), { day: 'numeric', month: 'long' }) : DASH;
}

/** "Mar 5, 14:05" (the year only when it is not this year). */
export function formatDateTime(value: string | null | undefined, now: Date = new Date()): string {
  const date = parse(value);
  if (!date) return DASH;
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleString(currentLanguage(), {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "just now", "5 minutes ago", "yesterday", "3 months ago"; `never` (default "Never") for null. */
export function formatAgo(value: string | null | undefined, options: { now?: number; never?: string } = {}): string {
  if (!value) return options.never ?? i18n.t('common:time.never');
  const date = parse(value);
  if (!date) return DASH;
  const seconds = Math.round(((options.now ?? Date.now()) - date.getTime()) / 1000);
  if (seconds < 45) return i18n.t('common:time.justNow');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative().format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return relative().format(-hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days < 30) return relative().format(-days, 'day');
  if (days < 365) return relative().format(-Math.floor(days / 30), 'month');
  return relative().format(-Math.floor(days / 365), 'year');
}

/** "12 s", "3 min": how long to wait, rounded up. */
export function formatWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? `${formatNumber(whole)} s` : `${formatNumber(Math.ceil(whole / 60))} min`;
}

/** The one wording for a rate limit: "Try again in 12 s." */
export function tryAgainIn(seconds: number): string {
  return i18n.t('common:time.tryAgainIn', { wait: formatWait(seconds) });
}

/** "12 KB", "3.4 MB": a file size as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

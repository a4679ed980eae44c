/** Dashboard filters as they live in the URL: ?range=7d|30d|90d|custom&from=&to=&community=. */
import { i18n } from '../../../lib/i18n.js';

export type RangePreset = '7d' | '30d' | '90d' | 'custom';

/** Labelled by the filters bar (`filters.days`). */
export const rangePresets: ReadonlyArray<{ value: Exclude<RangePreset, 'custom'>; days: number }> = [
  { value: '7d', days: 7 },
  { value: '30d', days: 30 },
  { value: '90d', days: 90 },
];

export const DEFAULT_PRESET = '30d';
/** The server refuses longer ranges. */
export const MAX_RANGE_DAYS = 366;

export interface DashboardFilters {
  preset: RangePreset;
  from: string;
  to: string;
  communityId: string | null;
  /** Set when a custom range cannot be used; the panels wait for a valid one. */
  error: string | null;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of `date`: the server buckets activity by UTC day. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isValidDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && isoDay(new Date(time)) === value;
}

export function shiftDay(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The last `days` days, today included. */
export function presetRange(days: number, today: string): { from: string; to: string } {
  return { from: shiftDay(today, -(days - 1)), to: today };
}

function isPreset(value: string | null): value is RangePreset {
  return value === 'custom' || rangePresets.some((p) => p.value === value);
}

export function readFilters(params: URLSearchParams, today: string): DashboardFilters {
  const community = params.get('community');
  const communityId = community && community.trim() ? community.trim() : null;
  const raw = params.get('range');
  const preset: RangePreset = isPreset(raw) ? raw : DEFAULT_PRESET;
  if (preset !== 'custom') {
    const days = rangePresets.find((p) => p.value === preset)?.days ?? 30;
    return { preset, ...presetRange(days, today), communityId, error: null };
  }
  const fallback = presetRange(30, today);
  const from = params.get('from') ?? fallback.from;
  const to = params.get('to') ?? fallback.to;
  let error: string | null = null;
  if (!isValidDay(from) || !isValidDay(to)) error = i18n.t('dashboard:filters.errorFormat');
  else if (from > to) error = i18n.t('dashboard:filters.errorOrder');
  else if (daysBetween(from, to) > MAX_RANGE_DAYS) error = i18n.t('dashboard:filters.errorLength', { days: MAX_RANGE_DAYS });
  return { preset, from, to, communityId, error };
}

export interface FiltersPatch {
  preset?: RangePreset;
  from?: string;
  to?: string;
  communityId?: string | null;
}

/** New search params with `patch` applied; other params survive. Presets drop from/to. */
export function writeFilters(params: URLSearchParams, current: DashboardFilters, patch: FiltersPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  const preset = patch.preset ?? current.preset;
  if (preset === 'custom') {
    next.set('range', 'custom');
    next.set('from', patch.from ?? current.from);
    next.set('to', patch.to ?? current.to);
  } else {
    if (preset === DEFAULT_PRESET) next.delete('range');
    else next.set('range', preset);
    next.delete('from');
    next.delete('to');
  }
  if (patch.communityId !== undefined) {
    if (patch.communityId) next.set('community', patch.communityId);
    else next.delete('community');
  }
  return next;
}

/** Every day of the range, with zeros where the server had no row (it skips idle days). */
export function fillDays<T extends { day: string }>(rows: readonly T[], from: string, to: string, empty: (day: string) => T): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: T[] = [];
  for (let day = from; day <= to; day = shiftDay(day, 1)) out.push(byDay.get(day) ?? empty(day));
  return out;
}

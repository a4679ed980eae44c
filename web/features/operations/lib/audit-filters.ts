/** The audit page's filters, as typed by the admin, and their translation into the API's query. */
export interface AuditFilterValues {
  actorId: string | null;
  action: string;
  entityType: string | null;
  /** `YYYY-MM-DD` from a date input, or '' */
  from: string;
  to: string;
}

export interface AuditQuery {
  actorId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const emptyAuditFilters: AuditFilterValues = { actorId: null, action: '', entityType: null, from: '', to: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day from a date input as an ISO instant in the admin's own time zone: the start of
 * the day for `from`, its last millisecond for `to`, so "to 25 Nov" includes all of 25 Nov.
 * Anything that is not a real date gives undefined (the filter is then left out).
 */
export function dayToIso(day: string, edge: 'start' | 'end'): string | undefined {
  const match = DAY.exec(day.trim());
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return undefined;
  if (edge === 'start') return start.toISOString();
  return new Date(new Date(year, month - 1, date + 1).getTime() - 1).toISOString();
}

/** True when `from` is after `to`: the query would match nothing, so the page says so instead. */
export function isReversedRange(filters: Pick<AuditFilterValues, 'from' | 'to'>): boolean {
  const from = dayToIso(filters.from, 'start');
  const to = dayToIso(filters.to, 'end');
  return Boolean(from && to && from > to);
}

export function toAuditQuery(filters: AuditFilterValues): AuditQuery {
  const action = filters.action.trim();
  return {
    actorId: filters.actorId ?? undefined,
    action: action || undefined,
    entityType: filters.entityType ?? undefined,
    from: dayToIso(filters.from, 'start'),
    to: dayToIso(filters.to, 'end'),
  };
}

export function hasAuditFilters(filters: AuditFilterValues): boolean {
  return Boolean(filters.actorId || filters.action.trim() || filters.entityType || filters.from || filters.to);
}

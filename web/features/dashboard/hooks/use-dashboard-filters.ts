import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type DashboardFilters, type FiltersPatch, isoDay, readFilters, writeFilters } from '../lib/date-range.js';

/** The dashboard's filters live in the URL, so a view can be bookmarked, shared and gone back to. */
export function useDashboardFilters(): [DashboardFilters, (patch: FiltersPatch, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  // Fixed for the page's life: presets must not drift (and refetch) at midnight mid-session.
  const [today] = useState(() => isoDay(new Date()));
  const filters = useMemo(() => readFilters(params, today), [params, today]);
  const update = (patch: FiltersPatch, options: { replace?: boolean } = {}) =>
    setParams((current) => writeFilters(current, readFilters(current, today), patch), { replace: options.replace ?? false });
  return [filters, update];
}

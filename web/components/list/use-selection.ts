import { useCallback, useMemo, useState } from 'react';

/**
 * Which rows are ticked. Only ids still on screen count (`ids` is what the list shows now), so a
 * filter change never acts on rows the person can no longer see.
 */
export function useSelection(ids: readonly string[]) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const selected = useMemo(() => ids.filter((id) => ticked.has(id)), [ids, ticked]);
  const all = ids.length > 0 && selected.length === ids.length;

  const toggle = useCallback((id: string) => {
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback(() => setTicked(all ? new Set() : new Set(ids)), [all, ids]);
  const clear = useCallback(() => setTicked(new Set()), []);
  const remove = useCallback((id: string) => {
    setTicked((current) => {
      const next = new Set(current);
      next.delete(id);
      return next;
    });
  }, []);

  return { selected, isSelected: (id: string) => ticked.has(id), all, some: selected.length > 0 && !all, toggle, toggleAll, clear, remove };
}

export type Selection = ReturnType<typeof useSelection>;

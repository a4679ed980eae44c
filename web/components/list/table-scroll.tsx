import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The one way a table wider than a phone is shown: it scrolls sideways inside this area, never the
 * page. The area is a named region ("Communities") that takes keyboard focus, so people without a
 * mouse can scroll it too (axe: scrollable-region-focusable) and a screen reader says what it holds.
 * Admin lists use ListTable instead, whose secondary columns step aside on phones.
 */
export function TableScroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}>
      {children}
    </Table.ScrollContainer>
  );
}

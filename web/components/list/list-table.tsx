import { useTranslation } from 'react-i18next';
import { Checkbox, Table } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import type { Selection } from './use-selection.js';

export interface ListColumn<T> {
  key: string;
  header: string;
  /** The column's name for screen readers when `header` shows nothing (a toggle column): every data cell needs a header (axe td-has-header). */
  headerLabel?: string;
  render: (row: T) => ReactNode;
  /** CSS width on wide screens; the first column takes the rest. */
  width?: number;
  /**
   * 'primary' columns show on every screen; 'secondary' ones only from the `sm` breakpoint, so a
   * phone shows a narrow table (title, status, actions) and never scrolls sideways.
   */
  priority?: 'primary' | 'secondary';
}

interface ListTableProps<T> {
  /** The accessible name of the table ("Users"). */
  label: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: ListColumn<T>[];
  /** Tick boxes in the first column, driven by useSelection. */
  selection?: Selection;
  /** Accessible name of a row's tick box ("Select Onboarding video"). */
  selectLabel?: (row: T) => string;
  /** The row's "⋯" menu (RowActions). */
  actions?: (row: T) => ReactNode;
  /** data-* attributes for a row (test ids, states). */
  rowData?: (row: T) => Record<`data-${string}`, string>;
  /** The old rows stay visible, dimmed, while new filters load. */
  stale?: boolean;
  /** A full-width row under a row (expanded details), or null for none. */
  details?: (row: T) => ReactNode;
  detailsData?: (row: T) => Record<`data-${string}`, string>;
  /** Clicking anywhere on a row (e.g. to expand it); controls inside stop their own clicks. */
  onRowClick?: (row: T) => void;
}

/** The table every admin list uses: fixed layout (long titles truncate, never push columns off), priority columns on phones. */
export function ListTable<T>(props: ListTableProps<T>) {
  const { label, rows, rowKey, columns, selection, selectLabel, actions, rowData, stale = false, details, detailsData, onRowClick } = props;
  const { t } = useTranslation('common');
  const span = columns.length + (selection ? 1 : 0) + (actions ? 1 : 0);
  const hideOnPhone = (c: ListColumn<T>) => (c.priority === 'secondary' ? { visibleFrom: 'sm' as const } : {});
  return (
    <Table
      layout="fixed"
      verticalSpacing="sm"
      horizontalSpacing="md"
      highlightOnHover
      aria-label={label}
      aria-busy={stale}
      style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }}
    >
      <Table.Thead>
        <Table.Tr>
          {selection ? (
            <Table.Th w={44}>
              <Checkbox aria-label={t('list.selectAll')} checked={selection.all} indeterminate={selection.some} onChange={selection.toggleAll} />
            </Table.Th>
          ) : null}
          {columns.map((c) => (
            <Table.Th key={c.key} w={c.width} {...hideOnPhone(c)} aria-label={c.header === '' ? c.headerLabel : undefined}>
              {c.header}
            </Table.Th>
          ))}
          {actions ? <Table.Th w={52} aria-label={t('list.actions')} /> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => {
          const id = rowKey(row);
          const ticked = selection?.isSelected(id) ?? false;
          const more = details?.(row) ?? null;
          return (
            <Fragment key={id}>
            <Table.Tr
              {...rowData?.(row)}
              bg={ticked ? 'var(--mantine-color-violet-light)' : undefined}
              style={onRowClick ? { cursor: 'pointer' } : undefined}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
            >
              {selection ? (
                <Table.Td>
                  <Checkbox aria-label={selectLabel?.(row) ?? t('list.select')} checked={ticked} onChange={() => selection.toggle(id)} />
                </Table.Td>
              ) : null}
              {columns.map((c, index) => (
                <Table.Td key={c.key} {...hideOnPhone(c)} style={index === 0 ? { maxWidth: 0 } : undefined}>
                  {c.render(row)}
                </Table.Td>
              ))}
              {actions ? <Table.Td>{actions(row)}</Table.Td> : null}
            </Table.Tr>
            {more ? (
              <Table.Tr {...detailsData?.(row)}>
                <Table.Td colSpan={span} style={{ background: 'var(--mantine-color-body)' }}>
                  {more}
                </Table.Td>
              </Table.Tr>
            ) : null}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

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

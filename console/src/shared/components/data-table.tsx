import { Table, Text, type TableProps, type TableThProps, type TextProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { SortableTh, type SortOrder } from './sortable-th';

/** One column's header: its label (or a control, such as "select all"), its sort key when it sorts, and Th props. */
export interface DataColumn<S extends string = string> {
  label?: ReactNode;
  sort?: S;
  th?: TableThProps;
}

/** The list's current sort and how to change it; clicking the active column flips the order. */
export interface Sorting<S extends string> {
  sort: S;
  order: SortOrder;
  onSort: (sort: S) => void;
}

interface DataTableProps<T, S extends string> extends Omit<TableProps, 'children'> {
  /** Scroll sideways below this width; without it the table is not wrapped (it always fits). */
  minWidth?: number;
  /** The columns; `false` leaves a column out (for example actions only administrators have). */
  columns: (DataColumn<S> | false)[];
  sorting?: Sorting<S>;
  /** Header rows under the labels (the user list's per-column searches). */
  headExtra?: ReactNode;
  rows: readonly T[];
  /** Renders one item's row(s), keyed. */
  children: (row: T) => ReactNode;
  /** The message in the one row shown when there are no rows. */
  empty: ReactNode;
  /** The empty message's spacing and size where the table is compact. */
  emptyText?: Pick<TextProps, 'py' | 'size'>;
}

/**
 * A list's table: the column headers (sortable ones with aria-sort), its rows, or one row saying there are none.
 * Rows highlight on hover with "sm" spacing unless the props say otherwise.
 */
export function DataTable<T, S extends string = string>(props: DataTableProps<T, S>) {
  const { minWidth, columns, sorting, headExtra, rows, children, empty, emptyText, ...tableProps } = props;
  const shown = columns.filter((c): c is DataColumn<S> => c !== false);
  const table = (
    <Table highlightOnHover verticalSpacing="sm" {...tableProps}>
      <Table.Thead>
        <Table.Tr>
          {shown.map((column, i) =>
            column.sort !== undefined && sorting ? (
              <SortableTh key={i} active={sorting.sort === column.sort} order={sorting.order} onSort={() => sorting.onSort(column.sort as S)}>
                {column.label}
              </SortableTh>
            ) : (
              <Table.Th key={i} {...column.th}>
                {column.label}
              </Table.Th>
            ),
          )}
        </Table.Tr>
        {headExtra}
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={shown.length}>
              <Text c="dimmed" ta="center" py="lg" {...emptyText}>
                {empty}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
        {rows.map(children)}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}

import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface DetailsTableProps extends Omit<TableProps, 'children'> {
  /** Label and value of each row; labels are unique (they key the rows). */
  rows: [string, ReactNode][];
}

/** A record's fields, one a row: the label as the row's header, then its value. */
export function DetailsTable({ rows, ...tableProps }: DetailsTableProps) {
  return (
    <Table variant="vertical" withTableBorder {...tableProps}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={220}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

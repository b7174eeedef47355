import { Table, UnstyledButton, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SortOrder } from '../enums';
import { ChevronIcon, SortIcon } from './icons';

export type { SortOrder };

interface SortableThProps {
  children: ReactNode;
  active: boolean;
  order: SortOrder;
  onSort: () => void;
}

/** A column header that sorts by its column; clicking the active column flips the order. */
export function SortableTh({ children, active, order, onSort }: SortableThProps) {
  const ariaSort = active ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton onClick={onSort} style={{ width: '100%' }}>
        <Group gap={4} wrap="nowrap">
          <Text fw={700} size="sm">
            {children}
          </Text>
          <Text span c={active ? undefined : 'dimmed'} display="flex">
            {active ? <ChevronIcon size={14} direction={order === 'asc' ? 'up' : 'down'} /> : <SortIcon size={14} />}
          </Text>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Org } from '../api';
import { KindBadge } from './kind-badge';

interface OrgNameCellsProps {
  org: Pick<Org, 'id' | 'name' | 'kind'>;
  /** The name in medium weight, where it is the row's link among plain cells. */
  strong?: boolean;
}

/** A row's first cells for an organisation: its name, linked to its page, and its kind. */
export function OrgNameCells({ org, strong }: OrgNameCellsProps) {
  return (
    <>
      <Table.Td>
        {/* The row may open the organisation too: the link alone does it once. */}
        <Anchor component={Link} to={`/orgs/${org.id}`} fw={strong ? 500 : undefined} onClick={(e) => e.stopPropagation()}>
          {org.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <KindBadge kind={org.kind} />
      </Table.Td>
    </>
  );
}

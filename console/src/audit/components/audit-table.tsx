import { ActionIcon, Code, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../shared/components/data-table';
import { ChevronIcon } from '../../shared/components/icons';
import { useFormatters } from '../../shared/format';
import type { AuditEvent } from '../api';
import { useActionLabel, useTargetLabel } from '../hooks';
import { AuditDiff } from './audit-diff';

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation('audit');
  const format = useFormatters();
  const actionLabel = useActionLabel();
  const targetLabel = useTargetLabel();
  const [open, setOpen] = useState<Set<string>>(new Set());

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <DataTable
      minWidth={720}
      highlightOnHover={false}
      verticalSpacing="xs"
      data-testid="audit-table"
      columns={[{ th: { w: 40 } }, { label: t('columns.time') }, { label: t('columns.actor') }, { label: t('columns.action') }, { label: t('columns.target') }]}
      rows={events}
      empty={t('empty')}
    >
      {(event) => {
        const expanded = open.has(event.id);
        return (
          <Fragment key={event.id}>
            <Table.Tr data-testid="audit-row" style={{ cursor: 'pointer' }} onClick={() => toggle(event.id)}>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-expanded={expanded}
                  aria-label={expanded ? t('hideChanges') : t('showChanges')}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(event.id);
                  }}
                >
                  <ChevronIcon size={16} direction={expanded ? 'down' : 'right'} />
                </ActionIcon>
              </Table.Td>
              <Table.Td>{format.dateTime(event.at)}</Table.Td>
              <Table.Td>
                {event.actor?.name ?? (
                  <Text span c="dimmed" size="sm">
                    {t('system')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{actionLabel(event.action)}</Text>
                <Code fz="xs">{event.action}</Code>
              </Table.Td>
              <Table.Td>
                {event.targetType ? (
                  <Text size="sm">
                    {targetLabel(event.targetType)} {event.targetId && <Code fz="xs">{event.targetId.slice(0, 8)}</Code>}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
            {expanded && (
              <Table.Tr>
                <Table.Td />
                <Table.Td colSpan={4}>
                  <AuditDiff before={event.before} after={event.after} />
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        );
      }}
    </DataTable>
  );
}

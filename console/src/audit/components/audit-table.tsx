import { ActionIcon, Table, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../shared/components/data-table';
import { ChevronIcon } from '../../shared/components/icons';
import { useFormatters } from '../../shared/format';
import type { AuditEvent } from '../api';
import { useActionLabel, useEventSentence } from '../hooks';
import { AuditDiff } from './audit-diff';

/** The events as sentences with names ("Anna Andersson deactivated Erik Berg"); a row opens its changed fields. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation('audit');
  const format = useFormatters();
  const actionLabel = useActionLabel();
  const sentence = useEventSentence();
  const [open, setOpen] = useState<Set<string>>(new Set());

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <DataTable
      highlightOnHover={false}
      verticalSpacing="xs"
      layout="fixed"
      data-testid="audit-table"
      columns={[
        { th: { w: 44 }, label: <VisuallyHidden>{t('showChanges')}</VisuallyHidden> },
        { label: t('columns.time'), th: { w: 120 } },
        { label: t('columns.event') },
      ]}
      rows={events}
      empty={t('empty')}
    >
      {(event) => {
        const expanded = open.has(event.id);
        const said = sentence(event);
        return (
          <Fragment key={event.id}>
            <Table.Tr data-testid="audit-row" data-action={event.action} style={{ cursor: 'pointer' }} onClick={() => toggle(event.id)}>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? t('hideChanges') : t('showChanges')}: ${said}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(event.id);
                  }}
                >
                  <ChevronIcon size={16} direction={expanded ? 'down' : 'right'} />
                </ActionIcon>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{format.dateTime(event.at)}</Text>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                <Text size="sm" data-testid="audit-sentence">
                  {said}
                </Text>
                <Text size="xs" c="dimmed">
                  {actionLabel(event.action)}
                </Text>
              </Table.Td>
            </Table.Tr>
            {expanded && (
              <Table.Tr>
                <Table.Td colSpan={3}>
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

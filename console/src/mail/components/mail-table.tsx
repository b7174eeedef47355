import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../shared/components/data-table';
import { useFormatters } from '../../shared/format';
import type { Mail } from '../api';
import { MailStatusBadge } from './mail-status-badge';

interface MailTableProps {
  mails: Mail[];
  canRetry: boolean;
  retryingId: string | null;
  onOpen: (mail: Mail) => void;
  onRetry: (mail: Mail) => void;
}

export function MailTable({ mails, canRetry, retryingId, onOpen, onRetry }: MailTableProps) {
  const { t } = useTranslation('mail');
  const format = useFormatters();
  return (
    <DataTable
      minWidth={760}
      data-testid="mail-table"
      columns={[
        { label: t('columns.to') },
        { label: t('columns.subject') },
        { label: t('columns.status') },
        { label: t('columns.attempts'), th: { ta: 'right' } },
        { label: t('columns.created') },
      ]}
      rows={mails}
      empty={t('empty')}
    >
      {(mail) => (
        <Table.Tr key={mail.id} data-testid="mail-row" style={{ cursor: 'pointer' }} onClick={() => onOpen(mail)}>
          <Table.Td>{mail.to}</Table.Td>
          <Table.Td>
            <Text
              component="button"
              type="button"
              size="sm"
              fw={500}
              c="blue"
              style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }}
              onClick={(e) => {
                e.stopPropagation();
                onOpen(mail);
              }}
            >
              {mail.subject}
            </Text>
          </Table.Td>
          <Table.Td>
            <MailStatusBadge status={mail.status} />
            {mail.status !== 'sent' && mail.lastError && (
              <Text size="xs" c={mail.status === 'failed' ? 'red' : 'orange'} mt={4} lineClamp={2} title={mail.lastError}>
                {mail.lastError}
              </Text>
            )}
            {mail.status === 'failed' && canRetry && (
              <Button
                size="compact-xs"
                variant="light"
                color="red"
                mt={4}
                loading={retryingId === mail.id}
                onClick={(e) => {
                  e.stopPropagation();
                  onRetry(mail);
                }}
              >
                {t('retry')}
              </Button>
            )}
          </Table.Td>
          <Table.Td ta="right">{mail.attempts}</Table.Td>
          <Table.Td>{format.dateTime(mail.createdAt)}</Table.Td>
        </Table.Tr>
      )}
    </DataTable>
  );
}

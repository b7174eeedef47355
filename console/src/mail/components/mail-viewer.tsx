import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../shared/format';
import type { Mail } from '../api';
import { MailBody } from './mail-body';
import { MailStatusBadge } from './mail-status-badge';

interface MailViewerProps {
  mail: Mail | null;
  canRetry: boolean;
  retrying: boolean;
  onRetry: (mail: Mail) => void;
  onClose: () => void;
}

export function MailViewer({ mail, canRetry, retrying, onRetry, onClose }: MailViewerProps) {
  const { t } = useTranslation(['mail', 'common']);
  const format = useFormatters();
  return (
    <Modal opened={mail !== null} onClose={onClose} size="xl" title={mail?.subject ?? ''} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {mail && (
        <Stack>
          <Table variant="vertical" fz="sm" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={160}>{t('columns.to')}</Table.Th>
                <Table.Td>{mail.to}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('columns.status')}</Table.Th>
                <Table.Td>
                  <Group gap="xs">
                    <MailStatusBadge status={mail.status} />
                    <Text size="sm" c="dimmed">
                      {t('viewer.attempts', { count: mail.attempts })}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('columns.created')}</Table.Th>
                <Table.Td>{format.dateTime(mail.createdAt)}</Table.Td>
              </Table.Tr>
              {mail.sentAt && (
                <Table.Tr>
                  <Table.Th>{t('viewer.sentAt')}</Table.Th>
                  <Table.Td>{format.dateTime(mail.sentAt)}</Table.Td>
                </Table.Tr>
              )}
              {mail.status !== 'sent' && mail.nextAttemptAt && (
                <Table.Tr>
                  <Table.Th>{t('viewer.nextAttempt')}</Table.Th>
                  <Table.Td>{format.dateTime(mail.nextAttemptAt)}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          {(mail.status === 'failed' || (mail.status !== 'sent' && mail.lastError)) && (
            <Alert color={mail.status === 'failed' ? 'red' : 'orange'} title={t('viewer.lastError')}>
              <Text size="sm" ff="monospace">
                {mail.lastError ?? '—'}
              </Text>
              {canRetry && mail.status === 'failed' && (
                <Button mt="sm" size="xs" color="red" variant="light" loading={retrying} onClick={() => onRetry(mail)}>
                  {t('retry')}
                </Button>
              )}
            </Alert>
          )}
          <MailBody mail={mail} />
        </Stack>
      )}
    </Modal>
  );
}

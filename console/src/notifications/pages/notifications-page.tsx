import { Badge, Button, Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PagedList } from '../../shared/components/cursor-pager';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { notificationTarget, type Notification } from '../api';
import { NotificationFacts, useNotificationTitle } from '../components/notification-text';
import { useMarkAllRead, useMarkRead, useNotifications } from '../hooks';

const PAGE_SIZE = 25;

/** Every notification of the signed-in account, newest first (R-K2). */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const pages = useCursorPages();
  const list = useNotifications(pages.cursor, PAGE_SIZE);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const title = useNotificationTitle();
  const { dateTime } = useFormatters();
  const open = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    navigate(notificationTarget(n));
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('heading')}
        </Title>
        {(list.data?.unread ?? 0) > 0 && (
          <Button variant="default" onClick={() => markAll.mutate()} loading={markAll.isPending}>
            {t('markAllRead')}
          </Button>
        )}
      </Group>
      <PagedList query={list} pages={pages}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('column.notification')}</Table.Th>
                    <Table.Th>{t('column.when')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((n) => (
                    <Table.Tr key={n.id}>
                      <Table.Td>
                        <UnstyledButton onClick={() => open(n)}>
                          <Group gap="xs">
                            <Text fw={n.read ? 400 : 700} c="blue.8">
                              {title(n)}
                            </Text>
                            {!n.read && (
                              <Badge size="sm" color="red" variant="light">
                                {t('unread')}
                              </Badge>
                            )}
                          </Group>
                        </UnstyledButton>
                        <NotificationFacts notification={n} />
                      </Table.Td>
                      <Table.Td>{dateTime(n.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </PagedList>
    </Stack>
  );
}

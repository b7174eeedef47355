import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { BellIcon } from '../../shared/components/icons';
import { useFormatters } from '../../shared/format';
import { notificationTarget, type Notification } from '../api';
import { useMarkAllRead, useMarkRead, useNotifications } from '../hooks';
import { NotificationFacts, useNotificationTitle } from './notification-text';

const LATEST = 8;

/** The header's bell (R-K2): the unread count, the latest notifications, and opening one leads to its result. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const [opened, setOpened] = useState(false);
  const list = useNotifications(null, LATEST);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const title = useNotificationTitle();
  const { dateTime } = useFormatters();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    setOpened(false);
    navigate(notificationTarget(n));
  };

  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={18} disabled={unread === 0} offset={4} color="red">
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} withinPortal trapFocus shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={unread ? t('bell.labelUnread', { count: unread }) : t('bell.label')}
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon size={20} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-label={t('bell.label')}>
          <Group justify="space-between" mb="xs">
            <Text fw={700}>{t('heading')}</Text>
            {unread > 0 && (
              <Button size="compact-xs" variant="subtle" onClick={() => markAll.mutate()} loading={markAll.isPending}>
                {t('markAllRead')}
              </Button>
            )}
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('empty')}
            </Text>
          ) : (
            <Stack gap={4}>
              {items.map((n) => (
                <UnstyledButton key={n.id} onClick={() => open(n)} p={6} style={{ borderRadius: 4 }}>
                  <Group gap={6} wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={n.read ? 400 : 700} style={{ flex: 1 }}>
                      {!n.read && <VisuallyHidden>{t('unreadMark')} </VisuallyHidden>}
                      {title(n)}
                    </Text>
                  </Group>
                  <NotificationFacts notification={n} />
                  <Text size="xs" c="dimmed">
                    {dateTime(n.createdAt)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
          <Divider my="xs" />
          <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
            {t('viewAll')}
          </Anchor>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

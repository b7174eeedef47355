import { AppShell, Group } from '@mantine/core';
import { Outlet } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { NotificationBell } from '../../notifications/components/notification-bell';
import { LanguageMenu } from './language-menu';
import { MainNav, PhoneNav } from './main-nav';
import { UserMenu } from './user-menu';
import { ProductMark } from './product-mark';

/** The signed-in frame: header with product name, navigation, language and user menus. */
export function AppLayout() {
  const me = useMe().data;
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <PhoneNav />
            <ProductMark to={me ? '/orgs' : '/login'} />
            <MainNav />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {me && <NotificationBell />}
            <LanguageMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

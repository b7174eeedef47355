import { AppShell, Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { KeyIcon } from '../components/icons';
import { LanguageMenu } from './language-menu';
import { MainNav } from './main-nav';
import { UserMenu } from './user-menu';

/** The signed-in frame: header with product name, navigation, language and user menus. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Anchor component={Link} to={me ? '/orgs' : '/login'} underline="never" c="inherit">
              <Group gap={6} wrap="nowrap">
                <KeyIcon size={22} />
                <Text fw={800} size="xl">
                  {t('productName')}
                </Text>
              </Group>
            </Anchor>
            <MainNav />
          </Group>
          <Group gap="xs" wrap="nowrap">
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

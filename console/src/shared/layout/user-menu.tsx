import { Avatar, Button, Menu, Text, UnstyledButton, Group, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useLogout, useMe } from '../../auth/hooks';
import { notifySuccess } from '../notify';

export function UserMenu() {
  const { t } = useTranslation(['common', 'auth']);
  const me = useMe().data;
  const logout = useLogout();
  const navigate = useNavigate();

  if (!me) {
    return (
      <Button component={Link} to="/login" variant="default">
        {t('auth:login.submit')}
      </Button>
    );
  }

  const { firstName, lastName, email } = me.account;
  const name = [firstName, lastName].filter(Boolean).join(' ') || email;
  const initials = `${firstName?.[0] ?? ''}${lastName?.[0] ?? ''}`.toUpperCase() || email[0]?.toUpperCase();

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton>
          <VisuallyHidden>{t('userMenu.label')}: </VisuallyHidden>
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" size="sm" color="blue" aria-hidden>
              {initials}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {email}
          {me.operator ? ` · ${t('userMenu.operator')}` : ''}
        </Menu.Label>
        <Menu.Item component={Link} to="/profile">
          {t('userMenu.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/my-access" data-testid="menu-my-access">
          {t('myAccess.menu')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          onClick={() =>
            logout.mutate(undefined, {
              onSettled: () => {
                notifySuccess(t('userMenu.signedOut'));
                navigate('/login', { replace: true });
              },
            })
          }
        >
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

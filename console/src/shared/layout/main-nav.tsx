import { Burger, Button, Group, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { useConfig } from '../config';

/** The header's destinations for the signed-in (or dev-mailbox) visitor. */
function useNavItems() {
  const { t } = useTranslation();
  const { t: tApps } = useTranslation('apps');
  const { pathname } = useLocation();
  const me = useMe().data;
  const config = useConfig().data;
  const showMail = Boolean(me?.operator);

  const items = [
    ...(me ? [{ to: '/orgs', label: t('nav.organisations') }] : []),
    ...(me?.operator ? [{ to: '/apps', label: tApps('nav') }] : []),
    ...(showMail ? [{ to: '/mail', label: config?.devMailbox ? t('nav.devMailbox') : t('nav.mailOutbox') }] : []),
  ];

  const isActive = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  return { items, isActive, label: t('nav.label') };
}

/** The navigation as buttons in the header, from the `sm` breakpoint up. */
export function MainNav() {
  const { items, isActive, label } = useNavItems();
  return (
    <Group gap={4} component="nav" aria-label={label} visibleFrom="sm" wrap="nowrap">
      {items.map((item) => {
        const active = isActive(item.to);
        return (
          <Button
            key={item.to}
            component={Link}
            to={item.to}
            variant={active ? 'light' : 'subtle'}
            color={active ? undefined : 'gray'}
            aria-current={active ? 'page' : undefined}
          >
            {item.label}
          </Button>
        );
      })}
    </Group>
  );
}

/** On a phone the navigation folds into a menu behind a burger button, so the header's menus stay on screen. */
export function PhoneNav() {
  const { items, isActive, label } = useNavItems();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (items.length === 0) return null;
  return (
    <Menu opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-start" withinPortal>
      <Menu.Target>
        <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={label} />
      </Menu.Target>
      <Menu.Dropdown component="nav" aria-label={label}>
        {items.map((item) => (
          <Menu.Item
            key={item.to}
            component={Link}
            to={item.to}
            onClick={close}
            aria-current={isActive(item.to) ? 'page' : undefined}
            fw={isActive(item.to) ? 700 : undefined}
          >
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { useConfig } from '../config';

export function MainNav() {
  const { t } = useTranslation();
  const { t: tApps } = useTranslation('apps');
  const { pathname } = useLocation();
  const me = useMe().data;
  const config = useConfig().data;
  const showMail = Boolean(config?.devMailbox || me?.operator);

  const items = [
    ...(me ? [{ to: '/orgs', label: t('nav.organisations') }] : []),
    ...(me?.operator ? [{ to: '/apps', label: tApps('nav') }] : []),
    ...(showMail ? [{ to: '/mail', label: config?.devMailbox ? t('nav.devMailbox') : t('nav.mailOutbox') }] : []),
  ];

  return (
    <Group gap={4} component="nav" aria-label={t('nav.label')}>
      {items.map((item) => {
        const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
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

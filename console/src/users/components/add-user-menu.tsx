import { Button, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChevronIcon, PlusIcon } from '../../shared/components/icons';
import { USER_TYPES, type UserType } from '../api';

/** Seed 002: one "Add" per user type. */
export function AddUserMenu({ onPick }: { onPick: (type: UserType) => void }) {
  const { t } = useTranslation('users');
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={380}>
      <Menu.Target>
        <Button leftSection={<PlusIcon size={16} />} rightSection={<ChevronIcon direction="down" size={14} />}>
          {t('add.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('add.menuLabel')}</Menu.Label>
        {USER_TYPES.map((type) => (
          <Menu.Item key={type} onClick={() => onPick(type)} data-type={type}>
            <Text size="sm" fw={500}>
              {t(`typeSection.${type}`)}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`typeHint.${type}`)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

import { Button, Menu, Text } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronIcon, PlusIcon } from '../../shared/components/icons';
import { USER_TYPES, type UserType } from '../api';

/** Seed 002: one "Add" per user type. */
/** `buttonRef`: the "Add user" button, where focus returns when the stepper closes (issue 14 item 15). */
export function AddUserMenu({ onPick, buttonRef }: { onPick: (type: UserType) => void; buttonRef?: Ref<HTMLButtonElement> }) {
  const { t } = useTranslation('users');
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={380}>
      <Menu.Target>
        <Button ref={buttonRef} leftSection={<PlusIcon size={16} />} rightSection={<ChevronIcon direction="down" size={14} />}>
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

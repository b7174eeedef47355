import { Button, Menu, Text } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronIcon, PlusIcon } from '../../shared/components/icons';
import { USER_TYPES, type UserType } from '../api';

/** Seed 002: one "Add" per user type. */
/**
 * `buttonRef`: the "Add user" button, where focus returns when the stepper closes (issue 14 item 15). `noAgency`: the
 * organisation has no agency, so reseller users cannot be added — the item says so instead of leading to a dead end.
 */
export function AddUserMenu({
  onPick,
  buttonRef,
  noAgency = false,
}: {
  onPick: (type: UserType) => void;
  buttonRef?: Ref<HTMLButtonElement>;
  noAgency?: boolean;
}) {
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
        {USER_TYPES.map((type) => {
          const unavailable = type === 'reseller' && noAgency;
          return (
            <Menu.Item key={type} onClick={() => onPick(type)} data-type={type} disabled={unavailable}>
              <Text size="sm" fw={500}>
                {t(`typeSection.${type}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {unavailable ? t('add.noAgency') : t(`typeHint.${type}`)}
              </Text>
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}

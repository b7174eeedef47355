import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** red for irreversible changes */
  color?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** Where focus goes once the dialog has closed, when what opened it is gone by then (a menu item). */
  opener?: RefObject<HTMLElement | null>;
}

/**
 * Asks before a change that cannot be undone from here; the caller closes it when the change is done. It opens on its
 * first field (children marked data-autofocus), else on the safe answer: Cancel for a red (irreversible) change, the
 * confirm button otherwise — never on the close button (issue 14 item 15). Mantine returns focus to the opener.
 */
export function ConfirmModal(props: ConfirmModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      returnFocus={!props.opener}
      onExitTransitionEnd={() => props.opener?.current?.focus()}
    >
      <Stack>
        {props.children}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} disabled={props.loading} data-autofocus={props.color === 'red' || undefined}>
            {t('actions.cancel')}
          </Button>
          <Button color={props.color} loading={props.loading} onClick={props.onConfirm} data-autofocus={props.color !== 'red' || undefined}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { ActionIcon, Menu, Text, TextInput, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ConfirmModal } from '../../shared/components/confirm-modal';
import { DotsIcon } from '../../shared/components/icons';
import { notifySuccess } from '../../shared/notify';
import { offeredActions, type UserActionKey } from '../../../../src/users/actions';
import type { UserView } from '../api';
import { useUpdateUser, useUserAction } from '../hooks';
import { useNotifyProblem } from '../notify-problem';
import { useOffboarding } from '../../access-jobs/components/offboard-option';

type ActionKey = 'extendValidity' | 'removeAccess' | 'deactivate' | 'reactivate' | 'removeRoles' | 'resendInvitation' | 'sendPasswordReset' | 'delete';

interface ActionSpec {
  key: ActionKey;
  action: UserActionKey;
  color?: string;
}

/** The menu's words and colours per action; which actions a user is offered is users/actions.ts (the API's own rule). */
const SPECS: Record<UserActionKey, ActionSpec> = {
  'extend-validity': { key: 'extendValidity', action: 'extend-validity' },
  'resend-invitation': { key: 'resendInvitation', action: 'resend-invitation' },
  'send-password-reset': { key: 'sendPasswordReset', action: 'send-password-reset' },
  'remove-access': { key: 'removeAccess', action: 'remove-access', color: 'orange' },
  deactivate: { key: 'deactivate', action: 'deactivate', color: 'orange' },
  reactivate: { key: 'reactivate', action: 'reactivate' },
  'remove-roles': { key: 'removeRoles', action: 'remove-roles', color: 'orange' },
  delete: { key: 'delete', action: 'delete', color: 'red' },
};

/** A date `days` after today, as YYYY-MM-DD (the extend dialog's suggestion). */
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface UserActionsMenuProps {
  orgId: string;
  user: UserView;
  /** The list offers "Change" (→ the user page); the user page itself does not. */
  withChange?: boolean;
  onDeleted?: () => void;
}

export function UserActionsMenu({ orgId, user, withChange = true, onDeleted }: UserActionsMenuProps) {
  const { t } = useTranslation('users');
  const navigate = useNavigate();
  const run = useUserAction(orgId);
  const notifyProblem = useNotifyProblem();
  const [pending, setPending] = useState<ActionSpec | null>(null);
  // The dialog is opened from a menu item, gone once it closes: focus returns to the row's menu button (issue 14 item 15).
  const menuButton = useRef<HTMLButtonElement>(null);
  const [message, setMessage] = useState('');
  const [validUntil, setValidUntil] = useState(() => daysFromToday(30));
  const extend = useUpdateUser(orgId, user.id);
  const name = `${user.firstName} ${user.lastName}`.trim();
  const available = offeredActions(user).map((a) => SPECS[a]);
  const today = new Date().toISOString().slice(0, 10);
  // R-H6: at an agency, deactivating or deleting a consultant offers removing them from every client too.
  const offboarding = useOffboarding(orgId, user, pending?.action ?? '');

  const close = () => {
    if (run.isPending || extend.isPending) return;
    setPending(null);
    setMessage('');
    offboarding.reset();
  };

  const confirm = () => {
    if (!pending) return;
    const spec = pending;
    if (spec.action === 'extend-validity') {
      // R-C4: a later end date through PATCH; the server refuses one that has passed (in_past).
      extend.mutate(
        { validUntil },
        {
          onSuccess: () => {
            notifySuccess(t('actions.extendValidity.done', { name }));
            setPending(null);
          },
          onError: (error) => notifyProblem(error, t('actions.extendValidity.failed', { name })),
        },
      );
      return;
    }
    // Promises, not per-call callbacks: the change refreshes the list, which may unmount this row (a deactivated user
    // leaves the active view) before per-call callbacks run — and R-H6's offboarding must still be queued.
    run.mutateAsync({ id: user.id, action: spec.action, message: spec.key === 'resendInvitation' ? message.trim() || undefined : undefined }).then(
      () => {
        notifySuccess(t(`actions.${spec.key}.done`, { name }));
        offboarding.afterSuccess();
        setPending(null);
        setMessage('');
        if (spec.action === 'delete') onDeleted?.();
      },
      (error) => {
        // The notification says why; the modal closes as the change did not happen.
        notifyProblem(error, t(`actions.${spec.key}.failed`, { name }));
        setPending(null);
        setMessage('');
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon
            ref={menuButton}
            variant="subtle"
            color="gray"
            aria-label={t('actions.menu', { name })}
            data-testid="user-actions"
            onClick={(e) => e.stopPropagation()}
          >
            <DotsIcon />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
          {withChange && <Menu.Item onClick={() => navigate(`/orgs/${orgId}/users/${user.id}`)}>{t('actions.change')}</Menu.Item>}
          {available.map((spec) => (
            <Menu.Item key={spec.key} color={spec.color} onClick={() => setPending(spec)}>
              {t(`actions.${spec.key}.label`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <ConfirmModal
        opened={pending !== null}
        title={pending ? t(`actions.${pending.key}.title`, { name }) : ''}
        confirmLabel={pending ? t(`actions.${pending.key}.confirm`) : ''}
        color={pending?.color === 'red' ? 'red' : undefined}
        loading={run.isPending || extend.isPending}
        onConfirm={confirm}
        onClose={close}
        opener={menuButton}
      >
        {pending && <Text size="sm">{t(`actions.${pending.key}.text`, { name, email: user.email ?? '' })}</Text>}
        {offboarding.option}
        {pending?.key === 'extendValidity' && (
          <TextInput
            type="date"
            label={t('fields.validUntil')}
            min={today}
            required
            value={validUntil}
            onChange={(e) => setValidUntil(e.currentTarget.value)}
            error={validUntil && validUntil < today ? t('actions.extendValidity.inPast') : undefined}
            data-autofocus
          />
        )}
        {pending?.key === 'resendInvitation' && (
          <Textarea
            label={t('actions.resendInvitation.message')}
            description={t('actions.resendInvitation.messageHint')}
            autosize
            minRows={3}
            maxLength={2000}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            data-autofocus
          />
        )}
      </ConfirmModal>
    </>
  );
}

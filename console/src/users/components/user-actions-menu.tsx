import { ActionIcon, Menu, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ConfirmModal } from '../../shared/components/confirm-modal';
import { DotsIcon } from '../../shared/components/icons';
import { notifySuccess } from '../../shared/notify';
import type { UserAction, UserView } from '../api';
import { useUserAction } from '../hooks';
import { useNotifyProblem } from '../notify-problem';
import { useOffboarding } from '../../access-jobs/components/offboard-option';

type ActionKey = 'removeAccess' | 'deactivate' | 'reactivate' | 'removeRoles' | 'resendInvitation' | 'sendPasswordReset' | 'delete';

interface ActionSpec {
  key: ActionKey;
  action: UserAction;
  /** Offered only when this holds for the user (seed 002, seed 003). */
  when: (user: UserView) => boolean;
  color?: string;
}

const hasDormantRights = (u: UserView) => u.packages.length > 0 || u.modules.length > 0 || u.roles.length > 0;

/** The three-dots menu of seed 002: every action on one user, each confirmed before it is sent. */
const ACTIONS: ActionSpec[] = [
  { key: 'removeAccess', action: 'remove-access', when: (u) => u.type !== 'person' && u.status !== 'inactive', color: 'orange' },
  { key: 'deactivate', action: 'deactivate', when: (u) => u.type !== 'person' && u.status !== 'inactive', color: 'orange' },
  { key: 'reactivate', action: 'reactivate', when: (u) => u.status === 'inactive' },
  { key: 'removeRoles', action: 'remove-roles', when: (u) => u.status === 'inactive' && hasDormantRights(u), color: 'orange' },
  { key: 'resendInvitation', action: 'resend-invitation', when: (u) => u.status === 'invited' && Boolean(u.accountId) },
  {
    key: 'sendPasswordReset',
    action: 'send-password-reset',
    when: (u) => u.home === 'own' && Boolean(u.accountId) && u.status !== 'inactive' && u.status !== 'invited',
  },
  { key: 'delete', action: 'delete', when: () => true, color: 'red' },
];

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
  const [message, setMessage] = useState('');
  const name = `${user.firstName} ${user.lastName}`.trim();
  const available = ACTIONS.filter((a) => a.when(user));
  // R-H6: at an agency, deactivating or deleting a consultant offers removing them from every client too.
  const offboarding = useOffboarding(orgId, user, pending?.action ?? '');

  const close = () => {
    if (run.isPending) return;
    setPending(null);
    setMessage('');
    offboarding.reset();
  };

  const confirm = () => {
    if (!pending) return;
    const spec = pending;
    run.mutate(
      { id: user.id, action: spec.action, message: spec.key === 'resendInvitation' ? message.trim() || undefined : undefined },
      {
        onSuccess: () => {
          notifySuccess(t(`actions.${spec.key}.done`, { name }));
          offboarding.afterSuccess();
          setPending(null);
          setMessage('');
          if (spec.action === 'delete') onDeleted?.();
        },
        onError: (error) => {
          // The notification says why; the modal closes as the change did not happen.
          notifyProblem(error, t(`actions.${spec.key}.failed`, { name }));
          setPending(null);
          setMessage('');
        },
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('actions.menu', { name })} data-testid="user-actions" onClick={(e) => e.stopPropagation()}>
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
        loading={run.isPending}
        onConfirm={confirm}
        onClose={close}
      >
        {pending && <Text size="sm">{t(`actions.${pending.key}.text`, { name, email: user.email ?? '' })}</Text>}
        {offboarding.option}
        {pending?.key === 'resendInvitation' && (
          <Textarea
            label={t('actions.resendInvitation.message')}
            description={t('actions.resendInvitation.messageHint')}
            autosize
            minRows={3}
            maxLength={2000}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
        )}
      </ConfirmModal>
    </>
  );
}

import { Checkbox } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrg } from '../../orgs/hooks';
import { notifySuccess } from '../../shared/notify';
import { useNotifyProblem } from '../../users/notify-problem';
import type { UserView } from '../../users/api';
import { useStartAccessJob } from '../hooks';

/**
 * R-H6 offboarding: deactivating or deleting a consultant at an agency offers "also remove from all clients"; on
 * confirmation (after the change succeeded) a revoke_clients job over every client where the consultant is a member.
 */
export function useOffboarding(orgId: string, user: UserView, action: string) {
  const { t } = useTranslation('accessJobs');
  const org = useOrg(orgId).data;
  const start = useStartAccessJob(orgId);
  const notifyProblem = useNotifyProblem();
  const [checked, setChecked] = useState(false);
  const offered = org?.kind === 'agency' && user.type === 'employee' && !!user.accountId && (action === 'deactivate' || action === 'delete');
  const name = `${user.firstName} ${user.lastName}`.trim();
  const option = offered ? (
    <Checkbox
      label={t('offboard.alsoRemove')}
      description={t('offboard.alsoRemoveHint', { name })}
      checked={checked}
      onChange={(e) => setChecked(e.currentTarget.checked)}
      data-testid="offboard-all-clients"
    />
  ) : null;
  // Called with the promise of the change, not from its mutate callbacks: the change refreshes the user list, which
  // may unmount this row (a deactivated user leaves the "active" view) before per-call callbacks would run.
  const afterSuccess = () => {
    if (!offered || !checked || !user.accountId) return;
    setChecked(false);
    start
      .mutateAsync({ operation: 'revoke_clients', allClients: true, consultantIds: [user.accountId] })
      .then(() => notifySuccess(t('offboard.queued')), notifyProblem);
  };
  return { option, afterSuccess, reset: () => setChecked(false) };
}

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
  const afterSuccess = () => {
    if (!offered || !checked || !user.accountId) return;
    setChecked(false);
    start.mutate(
      { operation: 'revoke_clients', allClients: true, consultantIds: [user.accountId] },
      { onSuccess: () => notifySuccess(t('offboard.queued')), onError: (err) => notifyProblem(err) },
    );
  };
  return { option, afterSuccess, reset: () => setChecked(false) };
}

import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/hooks';
import { ConvertNotice } from '../../conversion/components/convert-notice';
import { EditOrgForm } from '../components/edit-org-form';
import { OrgDetails } from '../components/org-details';
import { OrgMfaPolicy } from '../../mfa/components/org-mfa-policy';
import { OrgOffices } from '../../offices/components/org-offices';
import { canEditOrg } from '../hooks';
import { useOrgOutlet } from '../use-org-outlet';

export function OrgOverviewPage() {
  const { t } = useTranslation('orgs');
  const org = useOrgOutlet();
  const me = useMe().data;
  const [editing, setEditing] = useState(false);
  const canEditDetails = canEditOrg(me, org);
  const canChangeAgency = Boolean(me?.operator) && org.kind === 'client';
  const canChangeOwner = Boolean(me?.operator || org.myAccess?.contractOwner);

  if (editing)
    return (
      <EditOrgForm
        org={org}
        onDone={() => setEditing(false)}
        canEditDetails={canEditDetails}
        canChangeAgency={canChangeAgency}
        canChangeOwner={canChangeOwner}
      />
    );
  return (
    <Stack maw={880}>
      <ConvertNotice org={org} />
      {(canEditDetails || canChangeAgency || canChangeOwner) && (
        <Group justify="flex-end">
          <Button variant="light" onClick={() => setEditing(true)}>
            {t('overview.edit')}
          </Button>
        </Group>
      )}
      <OrgDetails org={org} />
      <OrgOffices orgId={org.id} canChange={canEditOrg(me, org)} />
      <OrgMfaPolicy orgId={org.id} canChange={canEditOrg(me, org)} />
    </Stack>
  );
}

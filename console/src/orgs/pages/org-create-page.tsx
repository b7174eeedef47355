import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { canCreateOrgs, useMe } from '../../auth/hooks';
import { useModules } from '../../catalogue/hooks';
import { QueryState } from '../../shared/components/query-state';
import { notifySuccess } from '../../shared/notify';
import { CreateOrgForm } from '../components/create-org-form';
import { useAgencies, useCreateOrg } from '../hooks';

/** R-A1: operators create agencies and clients; agency administrators create clients of their agency. */
export function OrgCreatePage() {
  const { t } = useTranslation('orgs');
  const navigate = useNavigate();
  const me = useMe().data;
  const operator = Boolean(me?.operator);
  const modules = useModules();
  const agencies = useAgencies(operator);
  const create = useCreateOrg();

  if (!canCreateOrgs(me)) {
    return (
      <Alert color="yellow" title={t('create.title')}>
        {t('create.notAllowed')}
      </Alert>
    );
  }

  const agencyOptions = operator
    ? (agencies.data?.items ?? []).map(({ id, name }) => ({ id, name }))
    : (me?.organisations ?? []).filter((o) => o.kind === 'agency' && o.admin).map(({ id, name }) => ({ id, name }));

  return (
    <Stack maw={880}>
      <Title order={1} size="h2">
        {t('create.title')}
      </Title>
      <QueryState
        isPending={modules.isPending || (operator && agencies.isPending)}
        error={modules.error ?? agencies.error}
        onRetry={() => {
          void modules.refetch();
          if (operator) void agencies.refetch();
        }}
      >
        <CreateOrgForm
          operator={operator}
          agencies={agencyOptions}
          licensedModules={(modules.data?.items ?? []).filter((m) => m.licensed)}
          pending={create.isPending}
          error={create.error}
          onCancel={() => navigate('/orgs')}
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (org) => {
                notifySuccess(t('create.created', { name: org.name }));
                navigate(`/orgs/${org.id}`);
              },
            })
          }
        />
      </QueryState>
    </Stack>
  );
}

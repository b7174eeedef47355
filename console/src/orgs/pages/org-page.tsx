import { Anchor, Breadcrumbs, Group, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { QueryState } from '../../shared/components/query-state';
import { KindBadge } from '../components/kind-badge';
import { PermissionModelBadge } from '../components/permission-model-badge';
import { useOrg } from '../hooks';

/** An organisation: one tab per working sub-page, each with its own URL (/orgs/:id, /orgs/:id/audit). */
export function OrgPage() {
  const { t } = useTranslation('orgs');
  const { orgId = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const org = useOrg(orgId);
  const tab = pathname.endsWith('/audit') ? 'audit' : 'overview';

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/orgs">
          {t('list.title')}
        </Anchor>
        <span>{org.data?.name ?? '…'}</span>
      </Breadcrumbs>
      <QueryState isPending={org.isPending} error={org.error} onRetry={() => void org.refetch()}>
        {org.data && (
          <>
            <Group gap="sm">
              <Title order={2}>{org.data.name}</Title>
              <KindBadge kind={org.data.kind} />
              <PermissionModelBadge model={org.data.permissionModel} />
            </Group>
            <Tabs
              value={tab}
              onChange={(value) => navigate(value === 'audit' ? `/orgs/${orgId}/audit` : `/orgs/${orgId}`)}
              keepMounted={false}
            >
              <Tabs.List>
                <Tabs.Tab value="overview">{t('tabs.overview')}</Tabs.Tab>
                <Tabs.Tab value="audit">{t('tabs.audit')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="overview" pt="md">
                {tab === 'overview' && <Outlet context={org.data} />}
              </Tabs.Panel>
              <Tabs.Panel value="audit" pt="md">
                {tab === 'audit' && <Outlet context={org.data} />}
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

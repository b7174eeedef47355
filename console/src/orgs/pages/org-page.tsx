import { Anchor, Breadcrumbs, Group, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import type { Me } from '../../auth/api';
import { useMe } from '../../auth/hooks';
import { canManageLicenses } from '../../licenses/hooks';
import { isOrgAdmin, programAdminOf } from '../../auth/rights';
import { QueryState } from '../../shared/components/query-state';
import type { Org } from '../api';
import { KindBadge } from '../components/kind-badge';
import { PermissionModelBadge } from '../components/permission-model-badge';
import { useOrg } from '../hooks';

const TABS = ['overview', 'users', 'licenses', 'projects', 'sites', 'audit', 'clients', 'access-jobs'] as const;
type Tab = (typeof TABS)[number];

/**
 * The tabs the caller may use (the server decides; this hides what would be refused): user administration,
 * projects, sites and the audit log for administrators and operators; users also for program administrators;
 * licenses also for the contract owner (R-B5).
 */
function visibleTabs(me: Me | null | undefined, org: Org): Tab[] {
  const admin = isOrgAdmin(me, org);
  // A program administrator grants its modules from the user list (R-J2); projects and sites list for members.
  const programAdmin = programAdminOf(me, org).length > 0;
  return TABS.filter((tab) => {
    if (tab === 'overview') return true;
    if (tab === 'licenses') return canManageLicenses(me, org);
    if (tab === 'users') return admin || programAdmin;
    // Agency bulk access (R-H1): the agency's administrators.
    if (tab === 'clients' || tab === 'access-jobs') return admin && org.kind === 'agency';
    return admin;
  });
}

/** An organisation: one tab per working sub-page, each with its own URL (/orgs/:id, /orgs/:id/users, …). */
export function OrgPage() {
  const { t } = useTranslation('orgs');
  const { t: ta } = useTranslation('accessJobs');
  const tabLabel = (value: Tab) => (value === 'clients' ? ta('tabs.clients') : value === 'access-jobs' ? ta('tabs.accessJobs') : t(`tabs.${value}`));
  const { orgId = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const me = useMe().data;
  const org = useOrg(orgId);
  const segment = pathname.split('/')[3] ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : 'overview';
  const tabs = org.data ? visibleTabs(me, org.data) : [];

  return (
    <Stack gap="md">
      <Breadcrumbs style={{ flexWrap: 'wrap' }} styles={{ breadcrumb: { whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: 0 } }}>
        <Anchor component={Link} to="/orgs">
          {t('list.title')}
        </Anchor>
        <span>{org.data?.name ?? '…'}</span>
      </Breadcrumbs>
      <QueryState isPending={org.isPending} error={org.error} onRetry={() => void org.refetch()}>
        {org.data && (
          <>
            <Group gap="sm">
              <Title order={1} size="h2">
                {org.data.name}
              </Title>
              <KindBadge kind={org.data.kind} />
              <PermissionModelBadge model={org.data.permissionModel} />
            </Group>
            <Tabs value={tab} onChange={(value) => navigate(value === 'overview' || !value ? `/orgs/${orgId}` : `/orgs/${orgId}/${value}`)} keepMounted={false}>
              <Tabs.List>
                {tabs.map((value) => (
                  <Tabs.Tab key={value} value={value}>
                    {tabLabel(value)}
                  </Tabs.Tab>
                ))}
                {/* A tab reached by its URL stays visible; the server answers what the caller may not see. */}
                {!tabs.includes(tab) && <Tabs.Tab value={tab}>{tabLabel(tab)}</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value={tab} pt="md">
                <Outlet context={org.data} />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

import { Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/hooks';
import type { RoleScope, RoleTabsUser } from '../api';
import { useIsOrgAdmin } from '../../auth/rights';
import { OrgRolesPanel } from './org-roles-panel';
import { TargetRolesPanel } from './target-roles-panel';

export type { RoleTabsUser } from '../api';

/**
 * Seed 003 "Organisaatioroolit / Projektiroolit / Kohderoolit": a member's roles on the organisation, its projects
 * and its sites, for own and partner members alike (R-E1…R-E3). `user` is the users capability's UserView.
 */
export function UserRoleTabs({ orgId, user }: { orgId: string; user: RoleTabsUser }) {
  const { t } = useTranslation('roles');
  const editable = useIsOrgAdmin(useMe().data, orgId);
  const count = (scope: RoleScope) => new Set(user.roles.filter((r) => r.scope === scope).map((r) => (scope === 'org' ? r.role : r.targetId))).size;

  return (
    <Paper withBorder p="md" component="section" aria-label={t('section.title')}>
      <Stack gap="xs">
        <Title order={4}>{t('section.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('section.hint')}
        </Text>
        <Tabs defaultValue="org" keepMounted={false} data-testid="user-role-tabs">
          <Tabs.List>
            <Tabs.Tab value="org">{t('tabs.org', { n: count('org') })}</Tabs.Tab>
            <Tabs.Tab value="project">{t('tabs.project', { n: count('project') })}</Tabs.Tab>
            <Tabs.Tab value="site">{t('tabs.site', { n: count('site') })}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="org" pt="md">
            <OrgRolesPanel orgId={orgId} user={user} editable={editable} />
          </Tabs.Panel>
          <Tabs.Panel value="project" pt="md">
            <TargetRolesPanel kind="projects" orgId={orgId} user={user} editable={editable} />
          </Tabs.Panel>
          <Tabs.Panel value="site" pt="md">
            <TargetRolesPanel kind="sites" orgId={orgId} user={user} editable={editable} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Paper>
  );
}

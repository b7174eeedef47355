import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { UserRoleTabs } from '../../roles/components/user-role-tabs';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { UserAccessForm } from '../components/user-access-form';
import { UserActionsMenu } from '../components/user-actions-menu';
import { HomeBadge, UserStatusBadge, UserTypeBadge } from '../components/user-badges';
import { UserDetailsForm } from '../components/user-details-form';
import { UserOfficeCard } from '../components/user-office-card';
import { isOrgAdmin, useUser } from '../hooks';

/** "Change" (seed 002): one user's details, access, status and actions, and their roles (seed 003). */
export function UserPage() {
  const { t } = useTranslation('users');
  const format = useFormatters();
  const org = useOrgOutlet();
  const { membershipId = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const user = useUser(org.id, membershipId);
  const admin = isOrgAdmin(me, org);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/orgs/${org.id}/users`} size="sm">
        ← {t('user.back')}
      </Anchor>
      <QueryState isPending={user.isPending} error={user.error} onRetry={() => void user.refetch()}>
        {user.data && (
          <>
            <Group justify="space-between">
              <Group gap="sm">
                <Title order={3} data-testid="user-name">
                  {user.data.firstName} {user.data.lastName}
                </Title>
                <UserStatusBadge status={user.data.status} />
                <UserTypeBadge type={user.data.type} />
                <HomeBadge user={user.data} />
              </Group>
              {admin && (
                <UserActionsMenu orgId={org.id} user={user.data} withChange={false} onDeleted={() => navigate(`/orgs/${org.id}/users`, { replace: true })} />
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {t('user.added', { date: format.date(user.data.createdAt) })}
            </Text>
            <UserDetailsForm
              key={JSON.stringify([
                user.data.firstName,
                user.data.lastName,
                user.data.phone,
                user.data.jobTitle,
                user.data.type,
                user.data.resellerRole,
                user.data.validFrom,
                user.data.validUntil,
                user.data.loginValidUntil,
              ])}
              orgId={org.id}
              user={user.data}
              canEdit={admin}
            />
            <UserOfficeCard key={user.data.office?.id ?? ''} orgId={org.id} user={user.data} canEdit={admin} />
            <UserAccessForm key={JSON.stringify([user.data.type, user.data.packages, user.data.modules])} orgId={org.id} user={user.data} />
            <UserRoleTabs orgId={org.id} user={user.data} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

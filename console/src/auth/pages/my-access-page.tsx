import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useModuleKeyName } from '../../catalogue/hooks';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { api } from '../../shared/http';
import { useMe } from '../hooks';

/** One organisation of GET /accounts/{id}/access (server: src/check/schema.ts AccessItem). */
interface AccessItem {
  orgId: string;
  orgName: string;
  type: 'reseller' | 'employee' | 'external' | 'no_access' | 'person';
  status: 'invited' | 'active' | 'inactive' | 'expired';
  modules: string[];
  reason: string | null;
  validFrom: string | null;
  validUntil: string | null;
  loginValidUntil: string | null;
}

const PAGE = 100;

/** Issue 14 item 9 (R-L2 in the console): the signed-in user's own access — organisations, modules, validity. */
export function MyAccessPage() {
  const { t } = useTranslation(['common', 'users']);
  const format = useFormatters();
  const moduleName = useModuleKeyName();
  const me = useMe().data;
  const accountId = me?.account.id ?? '';
  const access = useInfiniteQuery({
    queryKey: ['my-access', accountId],
    queryFn: ({ pageParam, signal }) =>
      api<{ items: AccessItem[]; total: number; nextCursor: string | null }>(`/accounts/${encodeURIComponent(accountId)}/access`, {
        query: { limit: PAGE, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(accountId),
  });
  const items = access.data?.pages.flatMap((p) => p.items) ?? [];

  const validity = (item: AccessItem) => {
    const ends = [item.validUntil, item.loginValidUntil].filter((d): d is string => Boolean(d)).sort()[0];
    return ends ? t('myAccess.until', { date: format.date(ends) }) : t('myAccess.untilFurther');
  };

  return (
    <Stack maw={880}>
      <Title order={1} size="h2">
        {t('myAccess.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('myAccess.intro')}
      </Text>
      <QueryState isPending={access.isPending} error={access.error} onRetry={() => void access.refetch()}>
        {items.length === 0 && <Text>{t('myAccess.empty')}</Text>}
        <Stack gap="sm" data-testid="my-access">
          {items.map((item) => (
            <Card key={item.orgId} withBorder padding="sm" data-testid="my-access-org" data-org={item.orgName}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text component={Link} to={`/orgs/${item.orgId}`} fw={600}>
                  {item.orgName}
                </Text>
                <Group gap={6}>
                  <Badge variant="light" color="gray">
                    {t(`users:type.${item.type}`)}
                  </Badge>
                  <Badge variant="light" color={item.status === 'active' ? 'teal' : 'orange'}>
                    {t(`users:status.${item.status}`)}
                  </Badge>
                </Group>
              </Group>
              <Text size="sm" mt={4}>
                <Text span fw={500}>
                  {t('myAccess.modules')}:{' '}
                </Text>
                {item.modules.length ? item.modules.map(moduleName).join(', ') : t('myAccess.noModules')}
              </Text>
              <Text size="sm" data-testid="my-access-validity">
                <Text span fw={500}>
                  {t('myAccess.validity')}:{' '}
                </Text>
                {validity(item)}
              </Text>
            </Card>
          ))}
        </Stack>
        {access.hasNextPage && (
          <Button variant="default" onClick={() => void access.fetchNextPage()} loading={access.isFetchingNextPage}>
            {t('myAccess.more')}
          </Button>
        )}
      </QueryState>
    </Stack>
  );
}

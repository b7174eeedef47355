import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { QueryState } from '../../shared/components/query-state';
import { useMe } from '../hooks';
import { loginPathFor } from '../next-path';

/** Protected pages: signed out → /login?next=<this page>, back here after sign-in. */
export function RequireAuth() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('loading')} />
      </Center>
    );
  }
  if (me.isError)
    return (
      <QueryState isPending={false} error={me.error} onRetry={() => void me.refetch()}>
        {null}
      </QueryState>
    );
  if (!me.data) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  return <Outlet />;
}

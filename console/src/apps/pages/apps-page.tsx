import { Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { useModuleKeyName } from '../../catalogue/hooks';
import { ConfirmModal } from '../../shared/components/confirm-modal';
import { DataTable } from '../../shared/components/data-table';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { App, AppWithSecret } from '../api';
import { RegisterAppModal } from '../components/register-app-modal';
import { SecretModal } from '../components/secret-modal';
import { useApps, useDisableApp, useRotateAppSecret } from '../hooks';

/** R-L3: the operator's list of module applications: register, rotate the secret, disable. */
export function AppsPage() {
  const { t } = useTranslation('apps');
  const me = useMe();
  const apps = useApps();
  const rotate = useRotateAppSecret();
  const disable = useDisableApp();
  const problemText = useProblemText();
  const moduleName = useModuleKeyName();
  const { dateTime } = useFormatters();
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<AppWithSecret | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'rotate' | 'disable'; app: App } | null>(null);

  if (me.data && !me.data.operator) return <Navigate to="/" replace />;

  const onConfirm = () => {
    if (!confirm) return;
    const { kind, app } = confirm;
    if (kind === 'rotate') {
      rotate.mutate(app.id, {
        onSuccess: (rotated) => {
          setConfirm(null);
          setSecret(rotated);
        },
        onError: (error) => notifyError(problemText(error)),
      });
    } else {
      disable.mutate(app.id, {
        onSuccess: () => {
          setConfirm(null);
          notifySuccess(t('disable.done', { name: app.name }));
        },
        onError: (error) => notifyError(problemText(error)),
      });
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Button onClick={() => setRegistering(true)}>{t('register.open')}</Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('intro')}
      </Text>
      <QueryState isPending={apps.isPending} error={apps.error} onRetry={() => apps.refetch()}>
        <DataTable
          minWidth={800}
          columns={[
            { label: t('fields.name') },
            { label: t('fields.clientId') },
            { label: t('fields.redirectUris') },
            { label: t('fields.modules') },
            { label: t('fields.status') },
            {},
          ]}
          rows={apps.data?.items ?? []}
          empty={t('empty')}
        >
          {(app) => (
            <Table.Tr key={app.id} data-testid={`app-${app.clientId}`}>
              <Table.Td>{app.name}</Table.Td>
              <Table.Td>
                <Code>{app.clientId}</Code>
              </Table.Td>
              <Table.Td>
                {app.redirectUris.map((u) => (
                  <Text key={u} size="xs">
                    {u}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>{app.modules.length ? app.modules.map(moduleName).join(', ') : t('anyModule')}</Table.Td>
              <Table.Td>
                {app.disabledAt ? (
                  <Badge color="gray">{t('status.disabled', { at: dateTime(app.disabledAt) })}</Badge>
                ) : (
                  <Badge color="teal">{t('status.enabled')}</Badge>
                )}
              </Table.Td>
              <Table.Td>
                {!app.disabledAt && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setConfirm({ kind: 'rotate', app })}>
                      {t('rotate.open')}
                    </Button>
                    <Button size="xs" variant="default" color="red" onClick={() => setConfirm({ kind: 'disable', app })}>
                      {t('disable.open')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        </DataTable>
      </QueryState>
      <RegisterAppModal
        opened={registering}
        onClose={() => setRegistering(false)}
        onRegistered={(app) => {
          setRegistering(false);
          setSecret(app);
        }}
      />
      <SecretModal app={secret} onClose={() => setSecret(null)} />
      <ConfirmModal
        opened={confirm !== null}
        title={confirm?.kind === 'rotate' ? t('rotate.title', { name: confirm.app.name }) : t('disable.title', { name: confirm?.app.name ?? '' })}
        confirmLabel={confirm?.kind === 'rotate' ? t('rotate.confirm') : t('disable.confirm')}
        color="red"
        loading={rotate.isPending || disable.isPending}
        onConfirm={onConfirm}
        onClose={() => setConfirm(null)}
      >
        <Text size="sm">{confirm?.kind === 'rotate' ? t('rotate.body') : t('disable.body')}</Text>
      </ConfirmModal>
    </Stack>
  );
}

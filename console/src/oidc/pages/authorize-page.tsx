import { Alert, Anchor, Button, Loader, Stack, Text, Title, UnstyledButton, Paper, Group, Badge } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLogin, useLogout } from '../../auth/hooks';
import { EmailField } from '../../auth/components/email-field';
import { useModuleKeyName } from '../../catalogue/hooks';
import { PasswordField } from '../../shared/components/password-field';
import { useProblemText } from '../../shared/problem-text';
import { abortInteraction, chooseOrganisation, fetchInteraction, interactionKeys } from '../api';

/**
 * R-L3: "Sign in to <app>" — Nyckel's own sign-in (same form, throttling and session as the console), then the
 * organisation chooser listing only organisations where the user may use a module of the application.
 */
export function AuthorizePage() {
  const { uid = '' } = useParams();
  const { t } = useTranslation(['apps', 'auth', 'users']);
  const problemText = useProblemText();
  const moduleName = useModuleKeyName();
  const interaction = useQuery({ queryKey: interactionKeys.one(uid), queryFn: ({ signal }) => fetchInteraction(uid, signal), retry: false });
  const login = useLogin();
  const logout = useLogout();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const go = (r: { redirectTo: string }) => window.location.assign(r.redirectTo);
  const choose = useMutation({ mutationFn: (orgId: string) => chooseOrganisation(uid, orgId), onSuccess: go });
  const abort = useMutation({ mutationFn: () => abortInteraction(uid), onSuccess: go });

  const data = interaction.data;
  const only = data?.account && data.organisations.length === 1 ? (data.organisations[0]?.orgId ?? null) : null;
  // One organisation: nothing to choose.
  useEffect(() => {
    if (only && choose.isIdle) choose.mutate(only);
  }, [only, choose]);

  if (interaction.isPending) return <Loader role="status" aria-label={t('apps:authorize.loading')} />;
  if (interaction.error || !data) {
    return (
      <Alert color="red" role="alert">
        {problemText(interaction.error)}
      </Alert>
    );
  }

  if (!data.account) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      login.mutate({ email: email.trim(), password }, { onSuccess: () => interaction.refetch() });
    };
    return (
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('apps:authorize.signInTo', { app: data.app.name })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('apps:authorize.withNyckel')}
          </Text>
          {login.error && (
            <Alert color="red" role="alert" data-testid="login-error">
              {problemText(login.error)}
            </Alert>
          )}
          <EmailField autoComplete="username" value={email} onChange={setEmail} />
          <PasswordField
            label={t('auth:fields.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} disabled={!email || !password}>
            {t('auth:login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth:login.forgotLink')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={() => abort.mutate()}>
            {t('apps:authorize.cancel')}
          </Anchor>
        </Stack>
      </form>
    );
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('apps:authorize.chooseTitle', { app: data.app.name })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('apps:authorize.signedInAs', { email: data.account.email })}{' '}
        <Anchor component="button" type="button" size="sm" onClick={() => logout.mutate(undefined, { onSettled: () => interaction.refetch() })}>
          {t('apps:authorize.notYou')}
        </Anchor>
      </Text>
      {(choose.error || abort.error) && (
        <Alert color="red" role="alert">
          {problemText(choose.error ?? abort.error)}
        </Alert>
      )}
      {data.organisations.length === 0 ? (
        <Alert color="yellow" data-testid="no-organisations">
          {t('apps:authorize.none', { app: data.app.name })}
        </Alert>
      ) : (
        <Stack gap="xs" role="list" aria-label={t('apps:authorize.organisations')}>
          {data.organisations.map((o) => (
            <UnstyledButton key={o.orgId} role="listitem" onClick={() => choose.mutate(o.orgId)} disabled={choose.isPending} data-testid={`choose-${o.orgId}`}>
              <Paper withBorder p="sm" radius="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={2}>
                    <Text fw={500}>{o.orgName}</Text>
                    <Text size="xs" c="dimmed">
                      {o.modules.map(moduleName).join(', ')}
                    </Text>
                  </Stack>
                  <Badge variant="light">{t(`users:type.${o.type}` as 'users:type.employee', { defaultValue: o.type })}</Badge>
                </Group>
              </Paper>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <Button variant="default" onClick={() => abort.mutate()} loading={abort.isPending}>
        {t('apps:authorize.cancel')}
      </Button>
    </Stack>
  );
}

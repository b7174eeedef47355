import { Alert, Anchor, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../shared/api-error';
import { PasswordField } from '../../shared/components/password-field';
import { useFieldErrors } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import { authKeys, type Me } from '../api';
import { landingPathFor, useLinkStatus, useLogin, useSetPassword } from '../hooks';

export const MIN_PASSWORD_LENGTH = 10;

/** New password twice, for an invitation or a reset link (?token=…). */
export function SetPasswordForm({ purpose }: { purpose: 'reset' | 'invitation' }) {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setPassword = useSetPassword(purpose);
  const login = useLogin();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const link = useLinkStatus(token, purpose);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const [password, setPasswordValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [touched, setTouched] = useState(false);
  const copy = purpose === 'reset' ? 'reset' : 'invitation';

  const tooShort = password.length > 0 && password.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== password;
  const serverFields = isApiError(setPassword.error) ? fieldErrorsFrom(setPassword.error) : {};
  // Both fields: a new password, not to be typed until the link's token is there.
  const newPasswordProps = { autoComplete: 'new-password', required: true, disabled: !token } as const;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password.length < MIN_PASSWORD_LENGTH || password !== repeat) return;
    const email = link.data?.email;
    setPassword.mutate(
      { token, password },
      {
        // Issue 14 item 5: an accepted invitation signs the user in with the password just chosen and takes them
        // where they belong; a second factor to pass (or any failure) leaves the "go to sign-in" answer below.
        onSuccess: () => {
          if (purpose !== 'invitation' || !email) return;
          login.mutate(
            { email, password },
            {
              onSuccess: (result) => {
                const me = queryClient.getQueryData<Me | null>(authKeys.me);
                if (!('mfa' in result) && me) navigate(landingPathFor(me), { replace: true });
              },
            },
          );
        },
      },
    );
  };

  if (setPassword.isSuccess && login.isPending) return <Loader aria-label={t('link.signingIn')} />;
  if (setPassword.isSuccess) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t(`${copy}.title`)}
        </Title>
        <Alert color="teal" role="status" data-testid="password-set">
          {t(`${copy}.done`)}
        </Alert>
        <Button component={Link} to="/login">
          {t('goToLogin')}
        </Button>
      </Stack>
    );
  }

  const error = setPassword.error;
  const invalidToken = !token || (isApiError(error) && error.code === 'invalid_token');

  if (token && link.isPending) return <Loader role="status" aria-label={t('link.checking')} />;
  // R-C11: a used, expired or withdrawn link is said at once, before anybody types a password.
  const deadLink = link.data && link.data.state !== 'valid' ? link.data.state : null;
  if (deadLink && !invalidToken) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t(`${copy}.title`)}
        </Title>
        <Alert color="red" role="alert" data-testid="invalid-token">
          {t(`link.${deadLink}`)}
          <Text size="sm" mt="xs">
            {t(`${copy}.invalidHint`)}
          </Text>
        </Alert>
        <Anchor component={Link} to={purpose === 'reset' ? '/forgot-password' : '/login'} size="sm">
          {purpose === 'reset' ? t('forgot.title') : t('backToLogin')}
        </Anchor>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t(`${copy}.title`)}
        </Title>
        {invalidToken ? (
          <Alert color="red" role="alert" data-testid="invalid-token">
            {isApiError(error) ? problemText(error) : t('missingToken')}
            <Text size="sm" mt="xs">
              {t(`${copy}.invalidHint`)}
            </Text>
          </Alert>
        ) : (
          error &&
          !serverFields.password && (
            <Alert color="red" role="alert">
              {problemText(error)}
            </Alert>
          )
        )}
        <Text size="sm" c="dimmed">
          {t(`${copy}.intro`)}
        </Text>
        {link.data?.email && (
          <Text size="sm" fw={600}>
            {t('link.for', { email: link.data.email })}
          </Text>
        )}
        <PasswordField
          {...newPasswordProps}
          label={t('fields.newPassword')}
          description={t('passwordHint', { min: MIN_PASSWORD_LENGTH })}
          value={password}
          onChange={(e) => setPasswordValue(e.currentTarget.value)}
          error={
            (touched || tooShort) && password.length < MIN_PASSWORD_LENGTH && (touched || password.length > 0)
              ? t('passwordTooShort', { min: MIN_PASSWORD_LENGTH })
              : serverFields.password
          }
        />
        <PasswordField
          {...newPasswordProps}
          label={t('fields.repeatPassword')}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={(touched || mismatch) && repeat !== password ? t('passwordMismatch') : undefined}
        />
        <Button type="submit" loading={setPassword.isPending} disabled={!token}>
          {t(`${copy}.submit`)}
        </Button>
        <Anchor component={Link} to="/login" size="sm">
          {t('backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}

import { Alert, Anchor, Button, Stack, Title } from '@mantine/core';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../shared/api-error';
import { PasswordField } from '../../shared/components/password-field';
import { useProblemText } from '../../shared/problem-text';
import { RetryCountdown } from '../components/retry-countdown';
import { useLogin, useMe } from '../hooks';
import { safeNextPath } from '../next-path';
import { EmailField } from '../components/email-field';
import { SecondFactorForm } from '../../mfa/components/second-factor-form';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const problemText = useProblemText();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const unblock = useCallback(() => setBlockedUntil(null), []);

  if (me.data && !login.isPending) return <Navigate to={next} replace />;
  // Issue 11: a correct password of an account with a second factor opens a challenge; answer it here.
  if (login.data && 'mfa' in login.data)
    return <SecondFactorForm challenge={login.data.mfa} onDone={() => navigate(next, { replace: true })} onCancel={() => login.reset()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (result) => {
          if (!('mfa' in result)) navigate(next, { replace: true });
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'too_many_attempts') {
            setBlockedUntil(Date.now() + (error.retryAfter ?? 60) * 1000);
          }
        },
      },
    );
  };

  const error = login.error;
  const throttled = isApiError(error) && error.code === 'too_many_attempts';

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('login.title')}
        </Title>
        {error && (
          <Alert color="red" role="alert" data-testid="login-error">
            {problemText(error)}
            {throttled && blockedUntil !== null && (
              <>
                {' '}
                <RetryCountdown until={blockedUntil} onDone={unblock} />
              </>
            )}
          </Alert>
        )}
        <EmailField autoComplete="username" value={email} onChange={setEmail} />
        <PasswordField
          label={t('fields.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Button type="submit" loading={login.isPending} disabled={!email || !password || blockedUntil !== null}>
          {t('login.submit')}
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('login.forgotLink')}
        </Anchor>
      </Stack>
    </form>
  );
}

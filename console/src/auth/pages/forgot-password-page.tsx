import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useProblemText } from '../../shared/problem-text';
import { useForgotPassword } from '../hooks';
import { EmailField } from '../components/email-field';

/** R-C13: the answer is the same whether or not the address is known. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const forgot = useForgotPassword();
  const problemText = useProblemText();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate(email.trim());
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('forgot.title')}
        </Title>
        {forgot.isSuccess ? (
          <Alert color="teal" role="status" data-testid="forgot-sent">
            {t('forgot.sent')}
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('forgot.intro')}
            </Text>
            {forgot.error && (
              <Alert color="red" role="alert">
                {problemText(forgot.error)}
              </Alert>
            )}
            <EmailField autoComplete="email" value={email} onChange={setEmail} />
            <Button type="submit" loading={forgot.isPending} disabled={!email.trim()}>
              {t('forgot.submit')}
            </Button>
          </>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t('backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}

import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemText } from '../../shared/problem-text';
import type { MfaChallenge } from '../api';
import { useSecondFactor } from '../hooks';

/** Sign-in step 2, after a correct password: the authenticator app's code, a passkey, or a recovery code. */
export function SecondFactorForm({ challenge, onDone, onCancel }: { challenge: MfaChallenge; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('security');
  const problemText = useProblemText();
  const verify = useSecondFactor(challenge.token);
  const hasTotp = challenge.methods.includes('totp');
  const [method, setMethod] = useState<'totp' | 'recovery'>(hasTotp ? 'totp' : 'recovery');
  const [code, setCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate({ method, code: code.trim() }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('signIn.title')}
        </Title>
        {verify.error && (
          <Alert color="red" role="alert" data-testid="mfa-error">
            {problemText(verify.error)}
          </Alert>
        )}
        {challenge.methods.includes('webauthn') && (
          <Button variant="light" onClick={() => verify.mutate({ method: 'webauthn' }, { onSuccess: onDone })} loading={verify.isPending}>
            {t('signIn.usePasskey')}
          </Button>
        )}
        <Text size="sm">{method === 'totp' ? t('signIn.totpHint') : t('signIn.recoveryHint')}</Text>
        <TextInput
          label={method === 'totp' ? t('signIn.totpLabel') : t('signIn.recoveryLabel')}
          autoComplete="one-time-code"
          inputMode={method === 'totp' ? 'numeric' : 'text'}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          data-autofocus
        />
        <Button type="submit" loading={verify.isPending} disabled={!code.trim()}>
          {t('signIn.verify')}
        </Button>
        <Group justify="space-between">
          {hasTotp && (
            <Anchor component="button" type="button" size="sm" onClick={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}>
              {method === 'totp' ? t('signIn.useRecovery') : t('signIn.useTotp')}
            </Anchor>
          )}
          <Anchor component="button" type="button" size="sm" onClick={onCancel}>
            {t('signIn.cancel')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Anchor, Badge, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { useAddPasskey, useConfirmTotp, useMyMfa, useRemovePasskey, useRemoveTotp, useRenewRecoveryCodes, useStartTotp } from '../hooks';
import { RecoveryCodes } from './recovery-codes';

/** "Two-step verification" on the profile: the authenticator app, passkeys, recovery codes. */
export function MfaSettings() {
  const { t } = useTranslation('security');
  const format = useFormatters();
  const mine = useMyMfa();
  const problemText = useProblemText();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const removeTotp = useRemoveTotp();
  const renew = useRenewRecoveryCodes();
  const addPasskey = useAddPasskey();
  const removePasskey = useRemovePasskey();
  const [code, setCode] = useState('');
  const [passkeyName, setPasskeyName] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const onError = (error: unknown) => notifyError(problemText(error));
  const showCodes = (r: { recoveryCodes: string[] | null }) => r.recoveryCodes && setCodes(r.recoveryCodes);

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code.trim(), {
      onSuccess: (r) => {
        showCodes(r);
        start.reset();
        setCode('');
        notifySuccess(t('totp.enabled'));
      },
    });
  };
  const submitPasskey = (event: FormEvent) => {
    event.preventDefault();
    addPasskey.mutate(passkeyName.trim(), {
      onSuccess: (r) => {
        showCodes(r);
        setPasskeyName('');
        notifySuccess(t('passkeys.added'));
      },
      onError,
    });
  };

  return (
    <Paper withBorder p="md" data-testid="mfa-settings">
      <Stack>
        <Title order={3}>{t('title')}</Title>
        <QueryState isPending={mine.isPending} error={mine.error} onRetry={() => void mine.refetch()}>
          {mine.data && (
            <>
              <Text size="sm">{t('intro')}</Text>
              {mine.data.operatorRequired && !mine.data.verified && <Alert color="yellow">{t('operatorRequired')}</Alert>}
              {codes && <RecoveryCodes codes={codes} />}

              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600}>{t('totp.title')}</Text>
                  <Badge color={mine.data.totp ? 'green' : 'gray'} data-testid="totp-status">
                    {mine.data.totp ? t('on') : t('off')}
                  </Badge>
                </Group>
                {mine.data.totp ? (
                  <Group>
                    <Button variant="subtle" color="red" loading={removeTotp.isPending} onClick={() => removeTotp.mutate(undefined, { onError })}>
                      {t('totp.remove')}
                    </Button>
                  </Group>
                ) : start.data ? (
                  <form onSubmit={submitCode} noValidate>
                    <Stack gap="xs">
                      <Text size="sm">{t('totp.scan')}</Text>
                      <Code block data-testid="totp-secret">
                        {start.data.secret}
                      </Code>
                      <Anchor href={start.data.uri} size="sm">
                        {t('totp.openApp')}
                      </Anchor>
                      {confirm.error && (
                        <Alert color="red" role="alert">
                          {problemText(confirm.error)}
                        </Alert>
                      )}
                      <TextInput
                        label={t('totp.codeLabel')}
                        autoComplete="one-time-code"
                        inputMode="numeric"
                        value={code}
                        onChange={(e) => setCode(e.currentTarget.value)}
                      />
                      <Group>
                        <Button type="submit" loading={confirm.isPending} disabled={!code.trim()}>
                          {t('totp.confirm')}
                        </Button>
                      </Group>
                    </Stack>
                  </form>
                ) : (
                  <Group>
                    <Button variant="light" loading={start.isPending} onClick={() => start.mutate(undefined, { onError })}>
                      {t('totp.setUp')}
                    </Button>
                  </Group>
                )}
              </Stack>

              <Stack gap="xs">
                <Text fw={600}>{t('passkeys.title')}</Text>
                {mine.data.passkeys.length > 0 && (
                  <Table data-testid="passkeys">
                    <Table.Tbody>
                      {mine.data.passkeys.map((p) => (
                        <Table.Tr key={p.id}>
                          <Table.Td>{p.name}</Table.Td>
                          <Table.Td>{format.dateTime(p.createdAt)}</Table.Td>
                          <Table.Td>
                            <Button size="xs" variant="subtle" color="red" onClick={() => removePasskey.mutate(p.id, { onError })}>
                              {t('passkeys.remove')}
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
                <form onSubmit={submitPasskey} noValidate>
                  <Group align="end">
                    <TextInput label={t('passkeys.nameLabel')} value={passkeyName} onChange={(e) => setPasskeyName(e.currentTarget.value)} />
                    <Button type="submit" variant="light" loading={addPasskey.isPending} disabled={!passkeyName.trim()}>
                      {t('passkeys.add')}
                    </Button>
                  </Group>
                </form>
              </Stack>

              {(mine.data.totp || mine.data.passkeys.length > 0) && (
                <Group justify="space-between">
                  <Text size="sm" data-testid="recovery-left">
                    {t('recovery.left', { count: mine.data.recoveryCodesLeft })}
                  </Text>
                  <Button variant="subtle" loading={renew.isPending} onClick={() => renew.mutate(undefined, { onSuccess: showCodes, onError })}>
                    {t('recovery.renew')}
                  </Button>
                </Group>
              )}
            </>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

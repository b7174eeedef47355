import { Alert, Button, Group, Modal, MultiSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleName, useModules } from '../../catalogue/hooks';
import { useProblemText } from '../../shared/problem-text';
import type { AppWithSecret } from '../api';
import { useRegisterApp } from '../hooks';

const lines = (s: string) =>
  s
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** R-L3: name, redirect URIs, post-logout URIs and the modules the application serves. */
export function RegisterAppModal({ opened, onClose, onRegistered }: { opened: boolean; onClose: () => void; onRegistered: (app: AppWithSecret) => void }) {
  const { t } = useTranslation('apps');
  const modules = useModules();
  const moduleName = useModuleName();
  const register = useRegisterApp();
  const problemText = useProblemText();
  const [name, setName] = useState('');
  const [redirects, setRedirects] = useState('');
  const [logouts, setLogouts] = useState('');
  const [served, setServed] = useState<string[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(
      { name: name.trim(), redirectUris: lines(redirects), postLogoutRedirectUris: lines(logouts), modules: served },
      {
        onSuccess: (app) => {
          setName('');
          setRedirects('');
          setLogouts('');
          setServed([]);
          onRegistered(app);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('register.title')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {register.error && (
            <Alert color="red" role="alert">
              {problemText(register.error)}
            </Alert>
          )}
          <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea
            label={t('fields.redirectUris')}
            description={t('register.oneper')}
            autosize
            minRows={2}
            value={redirects}
            onChange={(e) => setRedirects(e.currentTarget.value)}
          />
          <Textarea
            label={t('fields.postLogoutRedirectUris')}
            description={t('register.oneper')}
            autosize
            minRows={1}
            value={logouts}
            onChange={(e) => setLogouts(e.currentTarget.value)}
          />
          <MultiSelect
            label={t('fields.modules')}
            description={t('register.modulesHint')}
            data={(modules.data?.items ?? []).map((m) => ({ value: m.key, label: moduleName(m) }))}
            value={served}
            onChange={setServed}
            searchable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('register.cancel')}
            </Button>
            <Button type="submit" loading={register.isPending} disabled={!name.trim()}>
              {t('register.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

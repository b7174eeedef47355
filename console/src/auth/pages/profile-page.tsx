import { Alert, Button, Group, Paper, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from '../../i18n/languages';
import { isApiError } from '../../shared/api-error';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { Me, MePatch } from '../api';
import { useMe, useUpdateProfile } from '../hooks';
import { LanguageSelect } from '../../shared/components/language-select';
import { OrgNameCells } from '../../orgs/components/org-name-cells';
import { MfaSettings } from '../../mfa/components/mfa-settings';

/** "My profile": every signed-in user's own names, phone, language (R-F3) and e-mail settings (R-C15). */
export function ProfilePage() {
  const { t } = useTranslation('auth');
  const me = useMe();
  return (
    <Stack maw={880} gap="lg">
      <Title order={1} size="h2">
        {t('profile.title')}
      </Title>
      <QueryState isPending={me.isPending} error={me.error} onRetry={() => void me.refetch()}>
        {me.data && (
          <>
            <ProfileForm key={JSON.stringify([me.data.account, me.data.emailSettings])} me={me.data} />
            <MfaSettings />
            <MyOrganisations me={me.data} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation(['auth', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const update = useUpdateProfile();
  const { account } = me;
  const [firstName, setFirstName] = useState(account.firstName);
  const [lastName, setLastName] = useState(account.lastName);
  const [phone, setPhone] = useState(account.phone ?? '');
  const [language, setLanguage] = useState<Language>(account.language);
  const [accessNotices, setAccessNotices] = useState(me.emailSettings.accessNotices);
  const [productNews, setProductNews] = useState(me.emailSettings.productNews);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const fields = isApiError(update.error) ? fieldErrorsFrom(update.error) : {};

  const patch: MePatch = {};
  if (firstName.trim() !== account.firstName) patch.firstName = firstName.trim();
  if (lastName.trim() !== account.lastName) patch.lastName = lastName.trim();
  if (phone.trim() !== (account.phone ?? '')) patch.phone = phone.trim() || null;
  if (language !== account.language) patch.language = language;
  if (accessNotices !== me.emailSettings.accessNotices || productNews !== me.emailSettings.productNews) {
    patch.emailSettings = { accessNotices, productNews };
  }
  const dirty = Object.keys(patch).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = new Set<string>();
    if (!firstName.trim()) absent.add('firstName');
    if (!lastName.trim()) absent.add('lastName');
    setMissing(absent);
    if (absent.size) return;
    // mutateAsync: the saved profile remounts this form (its key), which would drop mutate()'s callbacks.
    update.mutateAsync(patch).then(
      () => notifySuccess(t('profile.saved')),
      () => undefined,
    );
  };
  const errorOf = (key: string) => (missing.has(key) ? t('profile.required') : fields[key]);

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('profile.title')}>
      <Stack>
        {update.error && Object.keys(fields).length === 0 && (
          <Alert color="red" role="alert">
            {problemText(update.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('profile.firstName')}
            required
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={errorOf('firstName')}
          />
          <TextInput label={t('profile.lastName')} required value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} error={errorOf('lastName')} />
          <TextInput label={t('fields.email')} value={account.email} readOnly variant="filled" description={t('profile.emailHint')} />
          <TextInput label={t('profile.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={errorOf('phone')} />
          <LanguageSelect label={t('profile.language')} value={language} onChange={setLanguage} error={errorOf('language')} />
        </SimpleGrid>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('profile.emailSettings')}
          </Text>
          <Switch
            label={t('profile.accessNotices')}
            description={t('profile.accessNoticesHint')}
            checked={accessNotices}
            onChange={(e) => setAccessNotices(e.currentTarget.checked)}
          />
          <Switch
            label={t('profile.productNews')}
            description={t('profile.productNewsHint')}
            checked={productNews}
            onChange={(e) => setProductNews(e.currentTarget.checked)}
          />
        </Stack>
        <Group>
          <Button type="submit" disabled={!dirty} loading={update.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The organisations the user belongs to; a user who administers none still reaches them from here. */
function MyOrganisations({ me }: { me: Me }) {
  const { t } = useTranslation('auth');
  return (
    <Stack gap="xs">
      <Title order={4}>{t('profile.organisations')}</Title>
      {me.organisations.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('profile.noOrganisations')}
        </Text>
      ) : (
        <Table withTableBorder data-testid="my-organisations">
          <Table.Tbody>
            {me.organisations.map((org) => (
              <Table.Tr key={org.id}>
                <OrgNameCells org={org} />
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {org.admin ? t('profile.administrator') : t('profile.member')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

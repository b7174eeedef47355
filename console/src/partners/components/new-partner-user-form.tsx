import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from '../../i18n/languages';
import type { Org } from '../../orgs/api';
import { isApiError } from '../../shared/api-error';
import { unplacedFieldErrors, useFieldErrors } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import type { AddedUser, PartnerUserType } from '../api';
import { useAddPartnerUser } from '../hooks';
import { AccessFields } from './access-fields';
import { ChangeHomeOrgModal, type HomeOrg } from './change-home-org-modal';
import { FormButtons } from '../../shared/components/form-buttons';
import { LanguageSelect } from '../../shared/components/language-select';
import { HomeOfficeSelect } from '../../offices/components/home-office-select';
import { useHomeOffices } from '../../offices/hooks';

const FIELDS = ['email', 'firstName', 'lastName', 'phone', 'jobTitle', 'language', 'homeOrgId', 'officeId', 'packages', 'type'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface NewPartnerUserFormProps {
  org: Org;
  email: string;
  onBack: () => void;
  onAdded: (user: AddedUser) => void;
}

/**
 * R-F1, R-F2, R-F3: a new user, created in this organisation by default; "Change organisation" makes them a partner
 * user whose home is another organisation. The account's language defaults to the organisation's.
 */
export function NewPartnerUserForm({ org, email: initialEmail, onBack, onAdded }: NewPartnerUserFormProps) {
  const { t } = useTranslation(['partners', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const add = useAddPartnerUser(org.id);
  const [email, setEmail] = useState(initialEmail);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [phone, setPhone] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [language, setLanguage] = useState<Language>(org.defaultLanguage);
  const [home, setHome] = useState<HomeOrg>({ id: org.id, name: org.name });
  const [type, setType] = useState<PartnerUserType>('employee');
  const [packages, setPackages] = useState<string[]>([]);
  const [changing, setChanging] = useState(false);
  // R-C16: placed at an office of the home organisation, loaded once the home is known (issue 14 item 16).
  const offices = useHomeOffices(org.id, home.id);
  const [officeId, setOfficeId] = useState<string | null>(null);
  const placedAt = officeId && offices.data?.items.some((o) => o.id === officeId) ? officeId : null;
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = isApiError(add.error) ? fieldErrorsFrom(add.error) : {};
  const fields = { ...server, ...local };
  const unplaced = unplacedFieldErrors(server, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!EMAIL.test(email.trim())) errors.email = t('form.emailInvalid');
    if (!firstName.trim()) errors.firstName = t('form.required');
    if (!lastName.trim()) errors.lastName = t('form.required');
    setLocal(errors);
    if (Object.keys(errors).length) return;
    add.mutate(
      {
        type,
        email: email.trim(),
        firstName: firstName.trim(),
        lastName: lastName.trim(),
        phone: phone.trim() || null,
        jobTitle: jobTitle.trim() || null,
        language,
        ...(home.id !== org.id ? { homeOrgId: home.id } : {}),
        ...(placedAt ? { officeId: placedAt } : {}),
        ...(type === 'employee' && packages.length ? { packages } : {}),
      },
      { onSuccess: onAdded },
    );
  };

  const clear = (key: string) => setLocal(({ [key]: _, ...rest }) => rest);
  /** A required field; typing clears its own mark ("required", "invalid"). */
  const requiredField = (key: 'firstName' | 'lastName' | 'email', value: string, set: (value: string) => void, props?: TextInputProps) => (
    <TextInput
      label={t(`form.${key}`)}
      required
      {...props}
      value={value}
      error={fields[key]}
      onChange={(e) => {
        set(e.currentTarget.value);
        clear(key);
      }}
    />
  );

  return (
    <>
      <form onSubmit={submit} noValidate aria-label={t('form.title')}>
        <Stack>
          <Text fw={600}>{t('form.title')}</Text>
          {add.error != null && (Object.keys(server).length === 0 || unplaced.length > 0) && (
            <Alert color="red" role="alert">
              {problemText(add.error)}
              {unplaced.map((line) => (
                <div key={line}>{line}</div>
              ))}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {requiredField('firstName', firstName, setFirstName)}
            {requiredField('lastName', lastName, setLastName)}
            {requiredField('email', email, setEmail, { type: 'email' })}
            <TextInput label={t('form.phone')} value={phone} error={fields.phone} onChange={(e) => setPhone(e.currentTarget.value)} />
            <LanguageSelect label={t('form.language')} value={language} onChange={setLanguage} error={fields.language} />
            <TextInput
              label={t('form.jobTitle')}
              description={t('form.jobTitleHint')}
              value={jobTitle}
              error={fields.jobTitle}
              onChange={(e) => setJobTitle(e.currentTarget.value)}
            />
          </SimpleGrid>
          <Paper withBorder p="sm">
            <Group justify="space-between" align="center">
              <div>
                <Text size="sm" c="dimmed">
                  {t('form.homeOrg')}
                </Text>
                <Text fw={600} data-testid="home-org-name">
                  {home.name}
                </Text>
                <Text size="xs" c={home.id === org.id ? 'dimmed' : 'teal'}>
                  {home.id === org.id ? t('form.homeIsThisOrg') : t('form.homeIsPartner')}
                </Text>
                {fields.homeOrgId && (
                  <Text size="xs" c="red">
                    {fields.homeOrgId}
                  </Text>
                )}
              </div>
              <Group gap="xs">
                {home.id !== org.id && (
                  <Button
                    variant="subtle"
                    size="xs"
                    onClick={() => {
                      setHome({ id: org.id, name: org.name });
                      setOfficeId(null);
                    }}
                  >
                    {t('form.useThisOrg')}
                  </Button>
                )}
                <Button variant="default" size="xs" onClick={() => setChanging(true)}>
                  {t('form.changeOrg')}
                </Button>
              </Group>
            </Group>
          </Paper>
          <HomeOfficeSelect
            offices={offices.data?.items}
            partnerHome={home.id === org.id ? null : home.name}
            value={placedAt}
            onChange={(id) => {
              setOfficeId(id);
              clear('officeId');
            }}
            error={fields.officeId}
          />
          <AccessFields type={type} packages={packages} onType={setType} onPackages={setPackages} error={fields.packages} />
          <FormButtons justify="space-between" cancel={t('form.back')} onCancel={onBack} submit={t('form.submit')} pending={add.isPending} />
        </Stack>
      </form>
      {/* Outside the form: React events bubble through portals, and the dialog has a form of its own. */}
      <ChangeHomeOrgModal
        orgId={org.id}
        defaultCountry={org.country}
        opened={changing}
        onClose={() => setChanging(false)}
        onPick={(picked) => {
          setHome(picked);
          setOfficeId(null);
          setChanging(false);
          clear('homeOrgId');
        }}
      />
    </>
  );
}

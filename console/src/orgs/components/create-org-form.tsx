import { Alert, Fieldset, Input, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Module } from '../../catalogue/api';
import { useModuleName } from '../../catalogue/hooks';
import { unplacedFieldErrors, useFieldErrors } from '../../shared/form-errors';
import { isApiError } from '../../shared/api-error';
import { useProblemText } from '../../shared/problem-text';
import type { Country, CreateOrgBody, OrgKind } from '../api';
import { BUSINESS_ID_PLACEHOLDER, COUNTRIES, COUNTRY_LANGUAGE, countryForLanguage } from '../org-fields';
import { CREATE_ORG_FIELDS, toCreateOrgBody, validateCreateOrg, type ClientErrorKey, type CreateOrgFormValues } from './create-org-form-state';
import { FormButtons } from '../../shared/components/form-buttons';
import { LanguageSelect } from '../../shared/components/language-select';
import type { MutationFormProps } from '../../shared/mutation-form';

interface CreateOrgFormProps extends MutationFormProps<CreateOrgBody> {
  /** Operators create agencies and clients; an agency administrator only clients of own agencies. */
  operator: boolean;
  agencies: { id: string; name: string }[];
  licensedModules: Module[];
  onCancel: () => void;
}

export function CreateOrgForm(props: CreateOrgFormProps) {
  const { t } = useTranslation(['orgs', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const moduleName = useModuleName();
  const { i18n } = useTranslation();
  const [values, setValues] = useState<CreateOrgFormValues>(() => ({
    name: '',
    kind: 'client',
    country: countryForLanguage(i18n.language),
    businessId: '',
    defaultLanguage: COUNTRY_LANGUAGE[countryForLanguage(i18n.language)],
    agencyId: props.agencies.length === 1 && !props.operator ? (props.agencies[0]?.id ?? null) : null,
    seats: {},
    contractOwner: { email: '', firstName: '', lastName: '' },
  }));
  const [languageTouched, setLanguageTouched] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, ClientErrorKey>>({});
  const [cleared, setCleared] = useState<Set<string>>(new Set());

  // Server field errors of the last attempt; a field's error goes away once it is edited.
  const serverFields: Record<string, string> = {};
  if (isApiError(props.error)) {
    Object.assign(serverFields, fieldErrorsFrom(props.error));
    if (['invalid_business_id', 'duplicate_business_id'].includes(props.error.code)) {
      serverFields.businessId = problemText(props.error);
    }
  }
  const fieldKeys = [...CREATE_ORG_FIELDS, ...props.licensedModules.map((m) => `seats.${m.key}`)];
  const unplaced = unplacedFieldErrors(serverFields, fieldKeys);
  const formLevelError = Boolean(props.error) && (!isApiError(props.error) || Object.keys(serverFields).length === 0 || unplaced.length > 0);

  const errorOf = (key: string): string | undefined => {
    const client = clientErrors[key];
    if (client) return t(`create.errors.${client}`);
    return cleared.has(key) ? undefined : serverFields[key];
  };

  const set = <K extends keyof CreateOrgFormValues>(key: K, value: CreateOrgFormValues[K], errorKey: string = key) => {
    setValues((v) => ({ ...v, [key]: value }));
    setCleared((c) => new Set(c).add(errorKey));
    setClientErrors(({ [errorKey]: _removed, ...rest }) => rest);
  };
  const setOwner = (field: keyof CreateOrgFormValues['contractOwner'], value: string) =>
    set('contractOwner', { ...values.contractOwner, [field]: value }, `contractOwner.${field}`);

  const setCountry = (country: Country) => {
    set('country', country);
    if (!languageTouched) setValues((v) => ({ ...v, country, defaultLanguage: COUNTRY_LANGUAGE[country] }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validateCreateOrg(values, !props.operator);
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setCleared(new Set());
    props.onSubmit(toCreateOrgBody(values));
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('create.title')}>
      <Stack gap="lg">
        {formLevelError && (
          <Alert color="red" role="alert" title={t('create.failed')}>
            {problemText(props.error)}
            {unplaced.map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
          </Alert>
        )}

        <Fieldset legend={t('create.sectionOrg')}>
          <Stack>
            <TextInput label={t('fields.name')} required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={errorOf('name')} />
            {props.operator && (
              <Input.Wrapper label={t('fields.kind')} error={errorOf('kind')}>
                <div>
                  <SegmentedControl
                    aria-label={t('fields.kind')}
                    value={values.kind}
                    onChange={(kind) => set('kind', kind as OrgKind)}
                    data={[
                      { value: 'client', label: t('kind.client') },
                      { value: 'agency', label: t('kind.agency') },
                    ]}
                  />
                </div>
              </Input.Wrapper>
            )}
            <Input.Wrapper label={t('fields.country')} error={errorOf('country')}>
              <div>
                <SegmentedControl
                  aria-label={t('fields.country')}
                  value={values.country}
                  onChange={(country) => setCountry(country as Country)}
                  data={COUNTRIES.map((c) => ({ value: c, label: t(`country.${c}`) }))}
                />
              </div>
            </Input.Wrapper>
            <TextInput
              label={t('fields.businessId')}
              description={t('create.businessIdHint', { example: BUSINESS_ID_PLACEHOLDER[values.country] })}
              placeholder={BUSINESS_ID_PLACEHOLDER[values.country]}
              required
              value={values.businessId}
              onChange={(e) => set('businessId', e.currentTarget.value)}
              error={errorOf('businessId')}
            />
            <LanguageSelect
              label={t('fields.defaultLanguage')}
              value={values.defaultLanguage}
              onChange={(language) => {
                setLanguageTouched(true);
                set('defaultLanguage', language);
              }}
              error={errorOf('defaultLanguage')}
            />
            {values.kind === 'client' && (
              <Select
                label={t('fields.agency')}
                description={props.operator ? t('create.agencyHint') : undefined}
                placeholder={t('create.agencyPlaceholder')}
                data={props.agencies.map((a) => ({ value: a.id, label: a.name }))}
                value={values.agencyId}
                onChange={(agencyId) => set('agencyId', agencyId)}
                searchable
                clearable={props.operator}
                required={!props.operator}
                nothingFoundMessage={t('create.noAgencies')}
                error={errorOf('agencyId')}
              />
            )}
          </Stack>
        </Fieldset>

        {props.licensedModules.length > 0 && (
          <Fieldset legend={t('create.sectionSeats')}>
            <Text size="sm" c="dimmed" mb="sm">
              {t('create.seatsHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              {props.licensedModules.map((module) => (
                <NumberInput
                  key={module.key}
                  label={moduleName(module)}
                  min={0}
                  max={1_000_000}
                  allowDecimal={false}
                  allowNegative={false}
                  placeholder="0"
                  value={values.seats[module.key] ?? ''}
                  onChange={(n) => set('seats', { ...values.seats, [module.key]: typeof n === 'number' ? n : '' }, `seats.${module.key}`)}
                  error={errorOf(`seats.${module.key}`)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        )}

        <Fieldset legend={t('create.sectionOwner')}>
          <Text size="sm" c="dimmed" mb="sm">
            {t('create.ownerHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('create.ownerEmail')}
              type="email"
              value={values.contractOwner.email}
              onChange={(e) => setOwner('email', e.currentTarget.value)}
              error={errorOf('contractOwner.email') ?? errorOf('contractOwner')}
            />
            <TextInput
              label={t('create.ownerFirstName')}
              value={values.contractOwner.firstName}
              onChange={(e) => setOwner('firstName', e.currentTarget.value)}
              error={errorOf('contractOwner.firstName')}
            />
            <TextInput
              label={t('create.ownerLastName')}
              value={values.contractOwner.lastName}
              onChange={(e) => setOwner('lastName', e.currentTarget.value)}
              error={errorOf('contractOwner.lastName')}
            />
          </SimpleGrid>
        </Fieldset>

        <FormButtons justify="flex-end" cancel={t('common:actions.cancel')} onCancel={props.onCancel} submit={t('create.submit')} pending={props.pending} />
      </Stack>
    </form>
  );
}

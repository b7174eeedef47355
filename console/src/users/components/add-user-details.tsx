import { Alert, Loader, Radio, Select, SimpleGrid, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../offices/api';
import type { EligibleReseller, UserType } from '../api';
import { resellerLabel, type AddUserDetails } from './add-user-state';

type TextDetail = 'firstName' | 'lastName' | 'phone' | 'jobTitle' | 'validFrom' | 'validUntil';

export interface LookupState {
  status: 'idle' | 'loading' | 'found' | 'notFound';
  homeOrgName?: string | null;
}

export interface ResellerPicker {
  /** The client is served by no agency: nobody can be added as a reseller. */
  noAgency: boolean;
  options: EligibleReseller[];
  loading: boolean;
  search: string;
  onSearch: (value: string) => void;
  picked: EligibleReseller | null;
  onPick: (person: EligibleReseller | null) => void;
}

interface AddUserDetailsStepProps {
  type: UserType;
  values: AddUserDetails;
  onChange: (patch: Partial<AddUserDetails>) => void;
  /** Runs the account lookup (R-C1) for the typed e-mail. */
  onEmailBlur: () => void;
  lookup: LookupState;
  namesLocked: boolean;
  errors: Record<string, string | undefined>;
  /** Reseller users (R-C3): the agency's eligible employees, searched on the server; null for other types. */
  reseller: ResellerPicker | null;
  /** R-C16: the offices the user can be placed at (their home organisation's); the home's name when it is not this one. */
  offices: Office[];
  officesHome: string | null;
}

/** Step 1 of "Add user": e-mail with lookup, names, phone; validity for external users, agency employee and role for resellers. */
export function AddUserDetailsStep(props: AddUserDetailsStepProps) {
  const { t } = useTranslation('users');
  const { type, values, onChange, errors, lookup, namesLocked } = props;
  const reseller = props.reseller;
  const pickEmployee = reseller !== null;
  const options = reseller
    ? [...(reseller.picked && !reseller.options.some((o) => o.accountId === reseller.picked?.accountId) ? [reseller.picked] : []), ...reseller.options]
    : [];

  const emailField = reseller ? (
    reseller.noAgency ? (
      <Alert color="orange" data-testid="no-agency">
        {t('add.noAgency')}
      </Alert>
    ) : (
      <Select
        label={t('add.agencyEmployee')}
        description={t('add.agencyEmployeeHint')}
        placeholder={t('add.agencyEmployeePlaceholder')}
        searchable
        required
        // The server searches; every option it answers is shown.
        filter={({ options: shown }) => shown}
        searchValue={reseller.search}
        onSearchChange={reseller.onSearch}
        rightSection={reseller.loading ? <Loader size="xs" /> : undefined}
        nothingFoundMessage={t('add.noAgencyEmployees')}
        data={options.map((o) => ({
          value: o.accountId,
          // R-C3: people already users here are marked, and cannot be picked again.
          label: o.membershipId ? `${resellerLabel(o)} — ${t('add.alreadyHere')}` : resellerLabel(o),
          disabled: Boolean(o.membershipId),
        }))}
        value={reseller.picked?.accountId ?? null}
        onChange={(accountId) => reseller.onPick(options.find((o) => o.accountId === accountId) ?? null)}
        error={errors.email}
        data-testid="agency-employee"
        data-autofocus
      />
    )
  ) : (
    <TextInput
      label={t('fields.email')}
      type="email"
      required
      autoComplete="off"
      value={values.email}
      onChange={(e) => onChange({ email: e.currentTarget.value })}
      onBlur={props.onEmailBlur}
      rightSection={lookup.status === 'loading' ? <Loader size="xs" /> : null}
      description={type === 'reseller' ? t('add.agencyEmployeeTypeHint') : undefined}
      error={errors.email}
      data-autofocus
    />
  );

  /** A text field for one of the details, with its label and error. */
  const text = (key: TextDetail, props: TextInputProps) => (
    <TextInput label={t(`fields.${key}`)} {...props} value={values[key]} onChange={(e) => onChange({ [key]: e.currentTarget.value })} error={errors[key]} />
  );
  // An existing account keeps its names.
  const nameProps: TextInputProps = { required: true, readOnly: namesLocked, variant: namesLocked ? 'filled' : 'default' };

  return (
    <Stack>
      {type !== 'person' && emailField}
      {lookup.status === 'found' && !pickEmployee && (
        <Alert color="blue" data-testid="lookup-found">
          {t('add.existingAccount')}
          {lookup.homeOrgName ? (
            <Text size="sm" c="dimmed">
              {t('add.existingHome', { org: lookup.homeOrgName })}
            </Text>
          ) : null}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text('firstName', nameProps)}
        {text('lastName', nameProps)}
      </SimpleGrid>
      {type !== 'person' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('phone', { description: t('add.optional'), type: 'tel' })}
          {text('jobTitle', { description: t('add.jobTitleHint') })}
        </SimpleGrid>
      )}
      {type === 'external' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('validFrom', { description: t('add.optional'), type: 'date' })}
          {text('validUntil', { description: t('add.validUntilHint'), type: 'date', required: true })}
        </SimpleGrid>
      )}
      {type === 'reseller' && (
        <Radio.Group
          label={t('fields.resellerRole')}
          required
          value={values.resellerRole ?? ''}
          onChange={(role) => onChange({ resellerRole: role === 'auditor' ? 'auditor' : 'accountant' })}
          error={errors.resellerRole}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="accountant" label={t('resellerRole.accountant')} />
            <Radio value="auditor" label={t('resellerRole.auditor')} />
          </Stack>
        </Radio.Group>
      )}
      {props.offices.length > 0 && (
        <Select
          label={t('office.label')}
          description={props.officesHome ? t('office.partnerHint', { org: props.officesHome }) : t('add.optional')}
          placeholder={t('office.none')}
          clearable
          searchable
          nothingFoundMessage={t('office.noneFound')}
          data={props.offices.map((o) => ({ value: o.id, label: o.address ? `${o.name} · ${o.address}` : o.name }))}
          value={values.officeId || null}
          onChange={(officeId) => onChange({ officeId: officeId ?? '' })}
          error={errors.officeId}
          data-testid="add-user-office"
        />
      )}
    </Stack>
  );
}

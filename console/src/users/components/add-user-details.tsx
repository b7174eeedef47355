import { Alert, Loader, Radio, Select, SimpleGrid, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../offices/api';
import type { UserType, UserView } from '../api';
import type { AddUserDetails } from './add-user-state';

type TextDetail = 'firstName' | 'lastName' | 'phone' | 'jobTitle' | 'validFrom' | 'validUntil';

export interface LookupState {
  status: 'idle' | 'loading' | 'found' | 'notFound';
  homeOrgName?: string | null;
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
  /** Reseller users: active employees of the client's agency (null when the list cannot be read: type the e-mail). */
  agencyEmployees: UserView[] | null;
  agencyEmployeesLoading: boolean;
  /** R-C16: the offices the user can be placed at (their home organisation's); the home's name when it is not this one. */
  offices: Office[];
  officesHome: string | null;
}

/** Step 1 of "Add user": e-mail with lookup, names, phone; validity for external users, agency employee and role for resellers. */
export function AddUserDetailsStep(props: AddUserDetailsStepProps) {
  const { t } = useTranslation('users');
  const { type, values, onChange, errors, lookup, namesLocked } = props;
  const pickEmployee = type === 'reseller' && props.agencyEmployees !== null;

  const emailField = pickEmployee ? (
    <Select
      label={t('add.agencyEmployee')}
      description={t('add.agencyEmployeeHint')}
      placeholder={t('add.agencyEmployeePlaceholder')}
      searchable
      required
      nothingFoundMessage={t('add.noAgencyEmployees')}
      data={(props.agencyEmployees ?? []).filter((u) => u.email).map((u) => ({ value: u.email ?? '', label: `${u.firstName} ${u.lastName} · ${u.email}` }))}
      value={values.email || null}
      onChange={(email) => {
        const employee = props.agencyEmployees?.find((u) => u.email === email);
        onChange({ email: email ?? '', firstName: employee?.firstName ?? '', lastName: employee?.lastName ?? '' });
      }}
      error={errors.email}
      data-testid="agency-employee"
    />
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
      {props.agencyEmployeesLoading && type === 'reseller' && <Loader size="sm" />}
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

import { Alert, Loader, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UserType, UserView } from '../api';
import type { AddUserDetails } from './add-user-state';

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
      data={(props.agencyEmployees ?? [])
        .filter((u) => u.email)
        .map((u) => ({ value: u.email ?? '', label: `${u.firstName} ${u.lastName} · ${u.email}` }))}
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
        <TextInput
          label={t('fields.firstName')}
          required
          value={values.firstName}
          readOnly={namesLocked}
          variant={namesLocked ? 'filled' : 'default'}
          onChange={(e) => onChange({ firstName: e.currentTarget.value })}
          error={errors.firstName}
        />
        <TextInput
          label={t('fields.lastName')}
          required
          value={values.lastName}
          readOnly={namesLocked}
          variant={namesLocked ? 'filled' : 'default'}
          onChange={(e) => onChange({ lastName: e.currentTarget.value })}
          error={errors.lastName}
        />
      </SimpleGrid>
      {type !== 'person' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('fields.phone')}
            description={t('add.optional')}
            type="tel"
            value={values.phone}
            onChange={(e) => onChange({ phone: e.currentTarget.value })}
            error={errors.phone}
          />
          <TextInput
            label={t('fields.jobTitle')}
            description={t('add.jobTitleHint')}
            value={values.jobTitle}
            onChange={(e) => onChange({ jobTitle: e.currentTarget.value })}
            error={errors.jobTitle}
          />
        </SimpleGrid>
      )}
      {type === 'external' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('fields.validFrom')}
            description={t('add.optional')}
            type="date"
            value={values.validFrom}
            onChange={(e) => onChange({ validFrom: e.currentTarget.value })}
            error={errors.validFrom}
          />
          <TextInput
            label={t('fields.validUntil')}
            description={t('add.validUntilHint')}
            type="date"
            required
            value={values.validUntil}
            onChange={(e) => onChange({ validUntil: e.currentTarget.value })}
            error={errors.validUntil}
          />
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
    </Stack>
  );
}

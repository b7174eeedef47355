import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { DiscardButton } from './discard-button';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { unplacedFieldErrors, useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { SeatProblemList } from '../../licenses/components/seat-problem';
import { EDITABLE_USER_TYPES, RESELLER_ROLES, type EditableUserType, type ResellerRole, type UpdateUserBody, type UserView } from '../api';
import { useUpdateUser } from '../hooks';

const FIELDS = ['firstName', 'lastName', 'phone', 'jobTitle', 'type', 'resellerRole', 'validFrom', 'validUntil', 'loginValidUntil'];

interface DetailsValues {
  firstName: string;
  lastName: string;
  phone: string;
  jobTitle: string;
  type: UserView['type'];
  resellerRole: ResellerRole | null;
  validFrom: string;
  validUntil: string;
  loginValidUntil: string;
}

const valuesOf = (u: UserView): DetailsValues => ({
  firstName: u.firstName,
  lastName: u.lastName,
  phone: u.phone ?? '',
  jobTitle: u.jobTitle ?? '',
  type: u.type,
  resellerRole: u.resellerRole,
  validFrom: u.validFrom ?? '',
  validUntil: u.validUntil ?? '',
  loginValidUntil: u.loginValidUntil ?? '',
});

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** Only what changed goes to PATCH; moving to "without system access" also drops packages and modules (R-C5). */
function patchOf(user: UserView, v: DetailsValues): UpdateUserBody {
  const before = valuesOf(user);
  const body: UpdateUserBody = {};
  if (v.firstName.trim() !== before.firstName) body.firstName = v.firstName.trim();
  if (v.lastName.trim() !== before.lastName) body.lastName = v.lastName.trim();
  if (v.phone.trim() !== before.phone) body.phone = orNull(v.phone);
  if (v.jobTitle.trim() !== before.jobTitle) body.jobTitle = orNull(v.jobTitle);
  if (v.type !== before.type && EDITABLE_USER_TYPES.includes(v.type as EditableUserType)) {
    body.type = v.type as EditableUserType;
    if (v.type === 'no_access') {
      body.packages = [];
      body.modules = [];
    }
  }
  if (v.resellerRole && v.resellerRole !== before.resellerRole) body.resellerRole = v.resellerRole;
  const external = v.type === 'external';
  if (external && v.validFrom !== before.validFrom) body.validFrom = v.validFrom || null;
  if (external && v.validUntil !== before.validUntil) body.validUntil = v.validUntil || null;
  if (!external && before.validUntil && v.type !== before.type) {
    body.validFrom = null;
    body.validUntil = null;
  }
  if (v.loginValidUntil !== before.loginValidUntil) body.loginValidUntil = v.loginValidUntil || null;
  return body;
}

/** R-C6: a user's details, type (employee/external/no access) and validity; sign-in end date for own users (seed 001). */
export function UserDetailsForm({ orgId, user, canEdit }: { orgId: string; user: UserView; canEdit: boolean }) {
  const { t } = useTranslation(['users', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const update = useUpdateUser(orgId, user.id);
  const [values, setValues] = useState<DetailsValues>(() => valuesOf(user));
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const fields = isApiError(update.error) ? fieldErrorsFrom(update.error) : {};
  const unplaced = unplacedFieldErrors(fields, FIELDS);
  const patch = patchOf(user, values);
  const dirty = Object.keys(patch).length > 0;
  const typeEditable = EDITABLE_USER_TYPES.includes(user.type as EditableUserType);
  const ownAccount = user.home === 'own' && Boolean(user.accountId);
  // Issue 14 item 4: a partner's name is its account's, changed at its home organisation (the API answers edited_at_home).
  const nameAtHome = user.home === 'partner' && Boolean(user.accountId);
  const nameEditable = canEdit && !nameAtHome;

  const set = (patchValues: Partial<DetailsValues>) => {
    setValues((v) => ({ ...v, ...patchValues }));
    setEdited((e) => new Set([...e, ...Object.keys(patchValues)]));
    setMissing(new Set());
  };
  const errorOf = (key: keyof DetailsValues) => (missing.has(key) ? t('add.errors.required') : edited.has(key) ? undefined : fields[key]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = new Set<string>();
    if (!values.firstName.trim()) absent.add('firstName');
    if (!values.lastName.trim()) absent.add('lastName');
    if (values.type === 'external' && !values.validUntil) absent.add('validUntil');
    setMissing(absent);
    if (absent.size) return;
    setEdited(new Set());
    // mutateAsync: the saved user remounts this form (its key), which would drop mutate()'s callbacks.
    update.mutateAsync(patch).then(
      () => notifySuccess(t('user.saved')),
      () => undefined,
    );
  };

  const formError = update.error && (Object.keys(fields).length === 0 || unplaced.length > 0);

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('user.details')}>
      <Stack>
        <Title order={4}>{t('user.details')}</Title>
        {formError && (
          <Alert color="red" role="alert">
            <Text size="sm">{problemText(update.error)}</Text>
            <SeatProblemList error={update.error} />
            {unplaced.map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('fields.firstName')}
            required={nameEditable}
            readOnly={!nameEditable}
            variant={nameEditable ? undefined : 'filled'}
            value={values.firstName}
            onChange={(e) => set({ firstName: e.currentTarget.value })}
            error={errorOf('firstName')}
          />
          <TextInput
            label={t('fields.lastName')}
            required={nameEditable}
            readOnly={!nameEditable}
            variant={nameEditable ? undefined : 'filled'}
            value={values.lastName}
            onChange={(e) => set({ lastName: e.currentTarget.value })}
            error={errorOf('lastName')}
          />
          {nameAtHome && (
            <Text size="sm" c="dimmed" data-testid="name-edited-at-home" style={{ gridColumn: '1 / -1' }}>
              {user.homeOrg ? t('user.nameEditedAtHome', { org: user.homeOrg.name }) : t('user.nameEditedInProfile')}
            </Text>
          )}
          <TextInput label={t('fields.email')} value={user.email ?? '—'} readOnly variant="filled" />
          <TextInput
            label={t('fields.phone')}
            type="tel"
            readOnly={!canEdit}
            value={values.phone}
            onChange={(e) => set({ phone: e.currentTarget.value })}
            error={errorOf('phone')}
          />
          <TextInput
            label={t('fields.jobTitle')}
            description={t('add.jobTitleHint')}
            readOnly={!canEdit}
            value={values.jobTitle}
            onChange={(e) => set({ jobTitle: e.currentTarget.value })}
            error={errorOf('jobTitle')}
          />
          <TextInput label={t('fields.organization')} value={user.homeOrg?.name ?? '—'} readOnly variant="filled" description={t(`home.${user.home}Hint`)} />
        </SimpleGrid>
        {typeEditable && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('fields.type')}
            </Text>
            <SegmentedControl
              disabled={!canEdit}
              value={values.type}
              onChange={(type) => set({ type: type as EditableUserType })}
              data={EDITABLE_USER_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
              data-testid="user-type-switch"
            />
            {values.type === 'no_access' && user.type !== 'no_access' && (
              <Text size="xs" c="orange">
                {t('user.noAccessWarning')}
              </Text>
            )}
            {errorOf('type') && (
              <Text size="xs" c="red">
                {errorOf('type')}
              </Text>
            )}
          </Stack>
        )}
        {user.type === 'reseller' && (
          <Select
            label={t('fields.resellerRole')}
            readOnly={!canEdit}
            allowDeselect={false}
            data={RESELLER_ROLES.map((r) => ({ value: r, label: t(`resellerRole.${r}`) }))}
            value={values.resellerRole}
            onChange={(r) => r && set({ resellerRole: r as ResellerRole })}
            error={errorOf('resellerRole')}
          />
        )}
        {values.type === 'external' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('fields.validFrom')}
              type="date"
              readOnly={!canEdit}
              value={values.validFrom}
              onChange={(e) => set({ validFrom: e.currentTarget.value })}
              error={errorOf('validFrom')}
            />
            <TextInput
              label={t('fields.validUntil')}
              type="date"
              required
              readOnly={!canEdit}
              value={values.validUntil}
              onChange={(e) => set({ validUntil: e.currentTarget.value })}
              error={errorOf('validUntil')}
              description={t('add.validUntilHint')}
            />
          </SimpleGrid>
        )}
        {ownAccount && (
          <TextInput
            label={t('fields.loginValidUntil')}
            description={t('user.loginValidUntilHint')}
            type="date"
            maw={320}
            readOnly={!canEdit}
            value={values.loginValidUntil}
            onChange={(e) => set({ loginValidUntil: e.currentTarget.value })}
            error={errorOf('loginValidUntil')}
          />
        )}
        {canEdit && (
          <Group>
            <Button type="submit" disabled={!dirty} loading={update.isPending}>
              {t('common:actions.save')}
            </Button>
            <DiscardButton
              dirty={dirty}
              onDiscard={() => {
                setValues(valuesOf(user));
                setEdited(new Set());
                update.reset();
              }}
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

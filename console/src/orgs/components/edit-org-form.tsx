import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from '../../i18n/languages';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { Org, UpdateOrgBody } from '../api';
import { useAgencies, useUpdateOrg } from '../hooks';
import { LanguageSelect } from '../../shared/components/language-select';
import { useRequiredText } from '../../shared/use-required-text';

interface EditOrgFormProps {
  org: Org;
  onDone: () => void;
  /** Name and default language: the organisation's administrators. */
  canEditDetails: boolean;
  /** A client's agency: platform operators (issue 14 item 8). */
  canChangeAgency: boolean;
  /** The contract owner: operators and the contract owner, who hands it over. */
  canChangeOwner: boolean;
}

/** Edits what PATCH /orgs/:id accepts, each part for those who may change it; only changed fields are sent. */
export function EditOrgForm({ org, onDone, canEditDetails, canChangeAgency, canChangeOwner }: EditOrgFormProps) {
  const { t } = useTranslation(['orgs', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const update = useUpdateOrg(org.id);
  const name = useRequiredText(org.name);
  const [defaultLanguage, setDefaultLanguage] = useState<Language>(org.defaultLanguage);
  const agencies = useAgencies(canChangeAgency && org.kind === 'client');
  const [agencyId, setAgencyId] = useState<string | null>(org.agencyId);
  const [owner, setOwner] = useState({ email: org.contractOwner?.email ?? '', firstName: '', lastName: '' });
  const fields = isApiError(update.error) ? fieldErrorsFrom(update.error) : {};
  const ownerChanged = owner.email.trim().toLowerCase() !== (org.contractOwner?.email.toLowerCase() ?? '');
  const [ownerMissing, setOwnerMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canEditDetails && !name.check()) return;
    const namesMissing = canChangeOwner && ownerChanged && Boolean(owner.email.trim()) && (!owner.firstName.trim() || !owner.lastName.trim());
    setOwnerMissing(namesMissing);
    if (namesMissing) return;
    const body: UpdateOrgBody = {};
    if (canEditDetails && name.value.trim() !== org.name) body.name = name.value.trim();
    if (canEditDetails && defaultLanguage !== org.defaultLanguage) body.defaultLanguage = defaultLanguage;
    if (canChangeAgency && org.kind === 'client' && agencyId !== org.agencyId) body.agencyId = agencyId;
    if (canChangeOwner && ownerChanged) {
      // An existing account keeps its own names; a new address gets an account with these.
      body.contractOwner = owner.email.trim() ? { email: owner.email.trim(), firstName: owner.firstName.trim(), lastName: owner.lastName.trim() } : null;
    }
    update.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('overview.saved'));
        onDone();
      },
    });
  };

  const placed = ['name', 'defaultLanguage', 'agencyId'];
  return (
    <form onSubmit={submit} noValidate aria-label={t('overview.editTitle')}>
      <Stack maw={560}>
        <Title order={2} size="h3">
          {t('overview.editTitle')}
        </Title>
        {update.error && !placed.some((f) => fields[f]) && (
          <Alert color="red" role="alert">
            {problemText(update.error)}
          </Alert>
        )}
        {canEditDetails && (
          <>
            <TextInput label={t('fields.name')} {...name.inputProps(t('create.errors.required'), fields.name)} />
            <LanguageSelect label={t('fields.defaultLanguage')} value={defaultLanguage} onChange={setDefaultLanguage} error={fields.defaultLanguage} />
          </>
        )}
        {canChangeAgency && org.kind === 'client' && (
          <Select
            label={t('fields.agency')}
            description={t('edit.agencyHint')}
            placeholder={t('overview.noAgency')}
            clearable
            searchable
            data={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            value={agencyId}
            onChange={setAgencyId}
            error={fields.agencyId}
            data-testid="edit-agency"
          />
        )}
        {/* Issue 14 item 8: who may change what this editor cannot, rather than controls that are missing unsaid. */}
        {((!canChangeAgency && org.kind === 'client') || !canChangeOwner) && (
          <Text size="sm" c="dimmed" data-testid="edit-who-changes">
            {[!canChangeAgency && org.kind === 'client' ? t('edit.agencyHint') : null, !canChangeOwner ? t('edit.ownerNotYours') : null]
              .filter(Boolean)
              .join(' ')}
          </Text>
        )}
        {canChangeOwner && (
          <Stack gap="xs">
            <Text fw={500} size="sm">
              {t('fields.contractOwner')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('edit.ownerHint')}
            </Text>
            <TextInput
              type="email"
              label={t('create.ownerEmail')}
              value={owner.email}
              onChange={(e) => setOwner({ ...owner, email: e.currentTarget.value })}
              error={fields['contractOwner.email']}
              data-testid="edit-owner-email"
            />
            {ownerChanged && owner.email.trim() && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('create.ownerFirstName')}
                  description={t('edit.ownerNamesHint')}
                  required
                  value={owner.firstName}
                  error={ownerMissing && !owner.firstName.trim() ? t('create.errors.required') : fields['contractOwner.firstName']}
                  onChange={(e) => setOwner({ ...owner, firstName: e.currentTarget.value })}
                />
                <TextInput
                  label={t('create.ownerLastName')}
                  required
                  error={ownerMissing && !owner.lastName.trim() ? t('create.errors.required') : fields['contractOwner.lastName']}
                  value={owner.lastName}
                  onChange={(e) => setOwner({ ...owner, lastName: e.currentTarget.value })}
                />
              </SimpleGrid>
            )}
          </Stack>
        )}
        <Group>
          <Button type="submit" loading={update.isPending}>
            {t('common:actions.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from '../../i18n/languages';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { Org } from '../api';
import { useUpdateOrg } from '../hooks';
import { LanguageSelect } from '../../shared/components/language-select';
import { useRequiredText } from '../../shared/use-required-text';

/** Edits the fields PATCH /orgs/:id accepts: name and default language. */
export function EditOrgForm({ org, onDone }: { org: Org; onDone: () => void }) {
  const { t } = useTranslation(['orgs', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const update = useUpdateOrg(org.id);
  const name = useRequiredText(org.name);
  const [defaultLanguage, setDefaultLanguage] = useState<Language>(org.defaultLanguage);
  const fields = isApiError(update.error) ? fieldErrorsFrom(update.error) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.check()) return;
    update.mutate(
      { name: name.value.trim(), defaultLanguage },
      {
        onSuccess: () => {
          notifySuccess(t('overview.saved'));
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('overview.editTitle')}>
      <Stack maw={480}>
        {update.error && !fields.name && !fields.defaultLanguage && (
          <Alert color="red" role="alert">
            {problemText(update.error)}
          </Alert>
        )}
        <TextInput label={t('fields.name')} {...name.inputProps(t('create.errors.required'), fields.name)} />
        <LanguageSelect label={t('fields.defaultLanguage')} value={defaultLanguage} onChange={setDefaultLanguage} error={fields.defaultLanguage} />
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

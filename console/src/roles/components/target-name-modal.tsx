import { Alert, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import { FormButtons } from '../../shared/components/form-buttons';
import { useRequiredText } from '../../shared/use-required-text';
import type { MutationFormProps } from '../../shared/mutation-form';

interface TargetNameModalProps extends MutationFormProps<string> {
  opened: boolean;
  title: string;
  submitLabel: string;
  initialName: string;
  onClose: () => void;
}

/** One name field: creating or renaming a project or site. */
export function TargetNameModal(props: TargetNameModalProps) {
  const { t } = useTranslation(['roles', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const name = useRequiredText(props.initialName);
  const { reset } = name;
  const fields = isApiError(props.error) ? fieldErrorsFrom(props.error) : {};

  useEffect(() => {
    if (props.opened) reset(props.initialName);
  }, [props.opened, props.initialName, reset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.check()) props.onSubmit(name.value.trim());
  };

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {Boolean(props.error) && !fields.name && (
            <Alert color="red" role="alert">
              {problemText(props.error)}
            </Alert>
          )}
          <TextInput label={t('targets.name')} data-autofocus maxLength={200} {...name.inputProps(t('targets.nameRequired'), fields.name)} />
          <FormButtons justify="flex-end" cancel={t('common:actions.cancel')} onCancel={props.onClose} submit={props.submitLabel} pending={props.pending} />
        </Stack>
      </form>
    </Modal>
  );
}

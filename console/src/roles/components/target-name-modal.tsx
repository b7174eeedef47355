import { Alert, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { fieldErrorsFrom } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import { FormButtons } from '../../shared/components/form-buttons';

interface TargetNameModalProps {
  opened: boolean;
  title: string;
  submitLabel: string;
  initialName: string;
  pending: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** One name field: creating or renaming a project or site. */
export function TargetNameModal(props: TargetNameModalProps) {
  const { t } = useTranslation(['roles', 'common']);
  const problemText = useProblemText();
  const [name, setName] = useState(props.initialName);
  const [missing, setMissing] = useState(false);
  const fields = isApiError(props.error) ? fieldErrorsFrom(props.error) : {};

  useEffect(() => {
    if (props.opened) {
      setName(props.initialName);
      setMissing(false);
    }
  }, [props.opened, props.initialName]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    props.onSubmit(name.trim());
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
          <TextInput
            label={t('targets.name')}
            required
            data-autofocus
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('targets.nameRequired') : fields.name}
          />
          <FormButtons
            justify="flex-end"
            cancel={t('common:actions.cancel')}
            onCancel={props.onClose}
            submit={props.submitLabel}
            pending={props.pending}
          />
        </Stack>
      </form>
    </Modal>
  );
}

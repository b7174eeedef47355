import { Button, Group, type GroupProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface FormButtonsProps extends Omit<GroupProps, 'children'> {
  /** The way out (Cancel, Back), left of the submit button. */
  cancel: ReactNode;
  onCancel: () => void;
  submit: ReactNode;
  pending: boolean;
}

/** A form's two buttons: the way out, then submit (a loader while the form is sent). */
export function FormButtons({ cancel, onCancel, submit, pending, ...groupProps }: FormButtonsProps) {
  return (
    <Group {...groupProps}>
      <Button variant="default" onClick={onCancel}>
        {cancel}
      </Button>
      <Button type="submit" loading={pending}>
        {submit}
      </Button>
    </Group>
  );
}

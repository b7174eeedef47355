import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, withBorder: true });
}

export function notifyError(message: ReactNode, title?: ReactNode): void {
  notifications.show({ color: 'red', title, message, withBorder: true, autoClose: 8000 });
}

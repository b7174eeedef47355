import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface EmailFieldProps {
  value: string;
  onChange: (email: string) => void;
  /** "username" where a password follows (the browser offers saved sign-ins), "email" otherwise. */
  autoComplete: 'username' | 'email';
}

/** The e-mail field that opens the signed-out forms: required and focused. */
export function EmailField({ value, onChange, autoComplete }: EmailFieldProps) {
  const { t } = useTranslation('auth');
  return (
    <TextInput
      label={t('fields.email')}
      type="email"
      autoComplete={autoComplete}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autoFocus
    />
  );
}

import { Select, type SelectProps } from '@mantine/core';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/languages';

interface LanguageSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: Language | null;
  onChange: (language: Language) => void;
}

/** The four UI languages, each named in itself; one is always chosen. */
export function LanguageSelect({ onChange, ...props }: LanguageSelectProps) {
  return (
    <Select
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      allowDeselect={false}
      onChange={(value) => value && onChange(value as Language)}
      {...props}
    />
  );
}

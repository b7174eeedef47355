import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

interface DebouncedInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** The applied value (from the URL). */
  value: string;
  /** Called with the trimmed text once typing pauses. */
  onSettle: (value: string) => void;
  delay?: number;
}

/** A text filter that applies what is typed after a pause, and shows the URL's value on back/forward. */
export function DebouncedInput({ value, onSettle, delay = 300, ...props }: DebouncedInputProps) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), delay);

  useEffect(() => {
    if (debounced !== value) onSettle(debounced);
  }, [debounced]);

  useEffect(() => {
    if (value !== text.trim()) setText(value);
  }, [value]);

  return <TextInput {...props} value={text} onChange={(e) => setText(e.currentTarget.value)} />;
}

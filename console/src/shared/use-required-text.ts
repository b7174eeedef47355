import { useCallback, useState, type ChangeEvent, type ReactNode } from 'react';

/**
 * A required text field's value and whether it was sent empty: `check()` on submit answers whether it is filled
 * (and marks it missing if not); typing clears the mark. `inputProps` wires a TextInput, the "required" message
 * taking the place of the server's error while the mark is on.
 */
export function useRequiredText(initial: string) {
  const [value, setValue] = useState(initial);
  const [missing, setMissing] = useState(false);
  const reset = useCallback((to: string) => {
    setValue(to);
    setMissing(false);
  }, []);
  const check = () => {
    if (!value.trim()) setMissing(true);
    return Boolean(value.trim());
  };
  const inputProps = (requiredMessage: string, error: ReactNode) => ({
    required: true,
    value,
    onChange: (e: ChangeEvent<HTMLInputElement>) => reset(e.currentTarget.value),
    error: missing ? requiredMessage : error,
  });
  return { value, reset, check, inputProps };
}

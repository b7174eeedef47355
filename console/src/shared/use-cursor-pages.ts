import { useCallback, useEffect, useState } from 'react';

/**
 * Keyset pagination: the cursor of the current page plus a stack of the cursors before it,
 * so "Previous" can go back. `reset` returns to the first page (call it when filters change);
 * a change of `resetKey` (the filters, as text) does so too, as when Back leads to other filters.
 */
export function useCursorPages(resetKey?: string) {
  const [stack, setStack] = useState<(string | null)[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);

  const next = useCallback(
    (nextCursor: string) => {
      setStack((s) => [...s, cursor]);
      setCursor(nextCursor);
    },
    [cursor],
  );
  const previous = useCallback(() => {
    if (stack.length === 0) return;
    setCursor(stack[stack.length - 1] ?? null);
    setStack(stack.slice(0, -1));
  }, [stack]);
  const reset = useCallback(() => {
    setStack([]);
    setCursor(null);
  }, []);

  useEffect(() => reset(), [resetKey, reset]);

  return { cursor, pageIndex: stack.length, hasPrevious: stack.length > 0, next, previous, reset };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

import { useCallback } from 'react';
import { useSeatProblemLines } from '../licenses/components/seat-problem';
import { ProblemLines } from '../shared/components/problem-lines';
import { notifyError } from '../shared/notify';
import { useProblemText } from '../shared/problem-text';

/** Shows a failed change as a notification: the translated code, and each module for seat problems (R-B2). */
export function useNotifyProblem(): (error: unknown, title?: string) => void {
  const problemText = useProblemText();
  const seatLines = useSeatProblemLines();
  return useCallback(
    (error: unknown, title?: string) => notifyError(<ProblemLines text={problemText(error)} lines={seatLines(error)} />, title),
    [problemText, seatLines],
  );
}

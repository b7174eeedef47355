import { Alert, Button, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api-error';
import { useProblemText } from '../problem-text';

interface QueryStateProps {
  isPending: boolean;
  error: unknown;
  onRetry?: () => void;
  children: ReactNode;
}

/** Loader while pending, a translated problem on error (with "Try again" unless it is a 4xx), else the children. */
export function QueryState({ isPending, error, onRetry, children }: QueryStateProps) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  if (error) {
    return (
      <Alert color="red" title={t('loadFailed')} role="alert">
        {problemText(error)}
        {onRetry && !(isApiError(error) && error.status >= 400 && error.status < 500) && (
          <div>
            <Button mt="sm" size="xs" variant="light" color="red" onClick={onRetry}>
              {t('actions.retry')}
            </Button>
          </div>
        )}
      </Alert>
    );
  }
  if (isPending) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('loading')} />
      </Center>
    );
  }
  return <>{children}</>;
}

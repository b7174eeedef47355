import { Alert, Button, Container } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router-dom';

/** Shown instead of a blank page when rendering a page throws. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={t('crash.title')} role="alert">
        {error instanceof Error ? error.message : String(error)}
        <div>
          <Button mt="md" variant="light" color="red" onClick={() => window.location.reload()}>
            {t('crash.reload')}
          </Button>
        </div>
      </Alert>
    </Container>
  );
}

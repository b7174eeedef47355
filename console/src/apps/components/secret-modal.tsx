import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppWithSecret } from '../api';

/** The client secret, shown this once (R-L3: it is stored only as a hash). */
export function SecretModal({ app, onClose }: { app: AppWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation('apps');
  return (
    <Modal opened={app !== null} onClose={onClose} title={t('secret.title', { name: app?.name ?? '' })} centered size="lg">
      {app && (
        <Stack>
          <Alert color="yellow" variant="light">
            {t('secret.once')}
          </Alert>
          <Text size="sm" fw={500}>
            {t('fields.clientId')}
          </Text>
          <Code data-testid="client-id">{app.clientId}</Code>
          <Text size="sm" fw={500}>
            {t('fields.clientSecret')}
          </Text>
          <Code data-testid="client-secret">{app.clientSecret}</Code>
          <Group justify="flex-end">
            <CopyButton value={app.clientSecret}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy} data-autofocus>
                  {copied ? t('secret.copied') : t('secret.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>{t('secret.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

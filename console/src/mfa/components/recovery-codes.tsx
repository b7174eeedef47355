import { Alert, Code, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Recovery codes, shown once: each signs in once instead of the second factor. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation('security');
  return (
    <Alert color="yellow" title={t('recovery.title')} data-testid="recovery-codes">
      {t('recovery.hint')}
      <SimpleGrid cols={2} mt="sm" spacing={4}>
        {codes.map((c) => (
          <Code key={c} data-testid="recovery-code">
            {c}
          </Code>
        ))}
      </SimpleGrid>
    </Alert>
  );
}

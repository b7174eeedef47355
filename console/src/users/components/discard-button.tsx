import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Throws away the unsaved edits of a user form (details or access): shown only while something changed. */
export function DiscardButton({ dirty, onDiscard }: { dirty: boolean; onDiscard: () => void }) {
  const { t } = useTranslation('users');
  if (!dirty) return null;
  return (
    <Button variant="default" onClick={onDiscard}>
      {t('user.discard')}
    </Button>
  );
}

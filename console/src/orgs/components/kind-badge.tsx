import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrgKind } from '../api';

export function KindBadge({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation('orgs');
  return (
    <Badge color={kind === 'agency' ? 'violet' : 'blue'} variant="light">
      {t(`kind.${kind}`)}
    </Badge>
  );
}

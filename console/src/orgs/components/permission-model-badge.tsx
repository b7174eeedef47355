import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PermissionModel } from '../api';

/** R-A3: a legacy organisation "must convert" to the current permission model. */
export function PermissionModelBadge({ model }: { model: PermissionModel }) {
  const { t } = useTranslation('orgs');
  return model === 'legacy' ? (
    <Badge color="orange" variant="light">
      {t('permissionModel.legacy')}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline">
      {t('permissionModel.current')}
    </Badge>
  );
}

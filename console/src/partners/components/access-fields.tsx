import { Checkbox, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName, usePackages } from '../../catalogue/hooks';
import type { PartnerUserType } from '../api';
import { PackageCheckboxes } from '../../catalogue/components/package-checkboxes';

interface AccessFieldsProps {
  type: PartnerUserType;
  packages: string[];
  onType: (type: PartnerUserType) => void;
  onPackages: (packages: string[]) => void;
  error?: string;
}

/** The new member's type and, for a user with system access, its access packages. */
export function AccessFields({ type, packages, onType, onPackages, error }: AccessFieldsProps) {
  const { t } = useTranslation('partners');
  const all = usePackages();
  const moduleName = useModuleKeyName();

  return (
    <Stack gap="sm">
      <Radio.Group label={t('access.type')} value={type} onChange={(value) => onType(value as PartnerUserType)}>
        <Stack gap={6} mt={6}>
          <Radio value="employee" label={t('access.employee')} description={t('access.employeeHint')} />
          <Radio value="no_access" label={t('access.noAccess')} description={t('access.noAccessHint')} />
        </Stack>
      </Radio.Group>
      {type === 'employee' && (
        <Checkbox.Group label={t('access.packages')} value={packages} onChange={onPackages} error={error}>
          <Stack gap={6} mt={6}>
            <PackageCheckboxes packages={all.data?.items ?? []} moduleName={moduleName} />
            {all.isPending && (
              <Text size="sm" c="dimmed">
                {t('access.loadingPackages')}
              </Text>
            )}
          </Stack>
        </Checkbox.Group>
      )}
    </Stack>
  );
}

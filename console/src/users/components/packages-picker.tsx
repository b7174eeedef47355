import { Checkbox, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Module, Package } from '../../catalogue/api';
import { useModuleName } from '../../catalogue/hooks';
import { PackageCheckboxes } from '../../catalogue/components/package-checkboxes';

interface PackagesPickerProps {
  packages: Package[];
  modules: Module[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}

/** Access packages as checkboxes, each with the modules it holds (seed 002 "baspaket"). */
export function PackagesPicker({ packages, modules, value, onChange, error }: PackagesPickerProps) {
  const { t } = useTranslation('users');
  const moduleName = useModuleName();
  const nameOf = (key: string) => {
    const module = modules.find((m) => m.key === key);
    return module ? moduleName(module) : key;
  };
  return (
    <Checkbox.Group value={value} onChange={onChange} label={t('grants.packages')} description={t('grants.packagesHint')} error={error}>
      <Stack gap="sm" mt="xs" data-testid="packages-picker">
        {packages.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('grants.noPackages')}
          </Text>
        )}
        <PackageCheckboxes packages={packages} moduleName={nameOf} />
      </Stack>
    </Checkbox.Group>
  );
}

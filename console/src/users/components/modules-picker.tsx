import { Badge, Checkbox, Input, Switch, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Module, Package } from '../../catalogue/api';
import { useModuleName, usePackageName } from '../../catalogue/hooks';
import type { Grant } from '../api';
import { packagesIncluding } from '../grants';

interface ModulesPickerProps {
  modules: Module[];
  packages: Package[];
  /** Packages already chosen: their modules are shown as included. */
  chosenPackages: string[];
  value: Grant[];
  onChange: (value: Grant[]) => void;
  error?: string;
}

/** Individual modules: a checkbox each, and an "administrator" switch that makes the holder program administrator. */
export function ModulesPicker({ modules, packages, chosenPackages, value, onChange, error }: ModulesPickerProps) {
  const { t } = useTranslation('users');
  const moduleName = useModuleName();
  const packageName = usePackageName();
  const byKey = new Map(value.map((g) => [g.key, g]));

  const toggle = (key: string, on: boolean) => onChange(on ? [...value, { key, admin: false }] : value.filter((g) => g.key !== key));
  const setAdmin = (key: string, admin: boolean) => onChange(value.map((g) => (g.key === key ? { ...g, admin } : g)));

  return (
    <Input.Wrapper label={t('grants.modules')} description={t('grants.modulesHint')} error={error}>
      <Table mt="xs" verticalSpacing={6} data-testid="modules-picker">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('grants.module')}</Table.Th>
            <Table.Th>{t('grants.access')}</Table.Th>
            <Table.Th>{t('grants.admin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {modules.map((module) => {
            const grant = byKey.get(module.key);
            const via = packagesIncluding(module.key, chosenPackages, packages);
            const label = moduleName(module);
            return (
              <Table.Tr key={module.key} data-module={module.key}>
                <Table.Td>
                  <Text size="sm" fw={500} span>
                    {label}
                  </Text>{' '}
                  {module.licensed && (
                    <Badge size="xs" variant="light" color="gray">
                      {t('grants.licensed')}
                    </Badge>
                  )}
                  {via.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('grants.viaPackage', { packages: via.map(packageName).join(', ') })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={t('grants.accessTo', { module: label })}
                    checked={Boolean(grant)}
                    onChange={(e) => toggle(module.key, e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t('grants.adminOf', { module: label })}
                    checked={grant?.admin ?? false}
                    disabled={!grant}
                    onChange={(e) => setAdmin(module.key, e.currentTarget.checked)}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Input.Wrapper>
  );
}

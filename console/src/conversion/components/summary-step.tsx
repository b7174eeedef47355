import { Alert, Badge, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName, useModules, usePackageName, usePackages } from '../../catalogue/hooks';
import { isApiError } from '../../shared/api-error';
import { CursorPager } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { ModulesPicker } from '../../users/components/modules-picker';
import { PackagesPicker } from '../../users/components/packages-picker';
import { PLAN_USER_TYPES, type Conversion, type Grant, type PlanUser, type PlanUserType } from '../api';
import { useEditPlanUser, usePlanUsers } from '../hooks';
import { SeatsTable } from './seats-table';

interface SummaryStepProps {
  conversion: Conversion;
  orderMissing: boolean;
  onOrderMissing: (value: boolean) => void;
}

/** R-I5: every resulting user with type and access proposed from the legacy rights, editable; seats needed vs available. */
export function SummaryStep({ conversion, orderMissing, onOrderMissing }: SummaryStepProps) {
  const { t } = useTranslation(['conversion', 'users']);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const pages = useCursorPages(q);
  const users = usePlanUsers(conversion.orgId, q, pages.cursor, conversion.version);
  const packageName = usePackageName();
  const moduleName = useModuleKeyName();
  const packages = usePackages().data?.items ?? [];
  const [editing, setEditing] = useState<PlanUser | null>(null);
  const short = conversion.seats.filter((s) => s.short > 0);
  const pkgName = (key: string) => {
    const p = packages.find((x) => x.key === key);
    return p ? packageName(p) : key;
  };
  return (
    <Stack gap="sm">
      <Text>{t('summary.intro')}</Text>
      <Alert color="orange">{t('summary.irreversible')}</Alert>
      <TextInput type="search" label={t('summary.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={320} />
      <QueryState isPending={users.isPending} error={users.error}>
        <Table withTableBorder striped data-testid="plan-users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('summary.name')}</Table.Th>
              <Table.Th>{t('summary.email')}</Table.Th>
              <Table.Th>{t('summary.type')}</Table.Th>
              <Table.Th>{t('summary.access')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((u) => (
              <Table.Tr key={u.key} data-testid={`plan-user-${u.key}`}>
                <Table.Td>
                  {u.firstName} {u.lastName}
                  {u.edited && (
                    <Badge ml="xs" size="xs" variant="light">
                      {t('summary.edited')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{u.email ?? '—'}</Table.Td>
                <Table.Td>{t(`users:type.${u.type}`)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.packages.map((p) => (
                      <Badge key={p} variant="light">
                        {pkgName(p)}
                      </Badge>
                    ))}
                    {u.modules.map((m) => (
                      <Badge key={m.key} variant="outline">
                        {moduleName(m.key)}
                      </Badge>
                    ))}
                    {!u.packages.length && !u.modules.length && <Text size="sm">—</Text>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setEditing(u)}>
                    {t('summary.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <CursorPager pages={pages} page={users.data} totalLabel={(count, formatted) => t('summary.total', { count, formatted })} />
      </QueryState>
      <Title order={4}>{t('summary.seats')}</Title>
      <SeatsTable seats={conversion.seats} />
      {short.length > 0 && (
        <Alert color="red" title={t('summary.shortTitle')} data-testid="seats-short">
          <Stack gap="xs">
            <Text size="sm">{t('summary.shortBody', { modules: short.map((s) => `${moduleName(s.module)} (${s.short})`).join(', ') })}</Text>
            {conversion.mayOrderLicenses ? (
              <Checkbox label={t('summary.orderMissing')} checked={orderMissing} onChange={(e) => onOrderMissing(e.currentTarget.checked)} />
            ) : (
              <Text size="sm">{t('summary.orderNoRight')}</Text>
            )}
          </Stack>
        </Alert>
      )}
      {editing && <EditUserDialog orgId={conversion.orgId} user={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function EditUserDialog({ orgId, user, onClose }: { orgId: string; user: PlanUser; onClose: () => void }) {
  const { t } = useTranslation(['conversion', 'users', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const modules = useModules().data?.items ?? [];
  const packages = (usePackages().data?.items ?? []).filter((p) => p.key !== 'agency');
  const edit = useEditPlanUser(orgId);
  const [type, setType] = useState<PlanUserType>(user.type);
  const [chosenPackages, setChosenPackages] = useState<string[]>(user.packages);
  const [chosenModules, setChosenModules] = useState<Grant[]>(user.modules);
  const fields = isApiError(edit.error) ? fieldErrorsFrom(edit.error) : {};
  const save = () =>
    edit.mutate(type === 'employee' ? { key: user.key, type, packages: chosenPackages, modules: chosenModules } : { key: user.key, type }, {
      onSuccess: onClose,
    });
  return (
    <Modal opened onClose={onClose} title={t('edit.title', { name: `${user.firstName} ${user.lastName}` })} size="xl">
      <Stack>
        <Select
          label={t('summary.type')}
          data={PLAN_USER_TYPES.map((v) => ({ value: v, label: t(`users:type.${v}`) }))}
          value={type}
          onChange={(v) => v && setType(v as PlanUserType)}
          allowDeselect={false}
          error={fields.type}
          maw={320}
          data-autofocus
        />
        {type === 'employee' && (
          <>
            <PackagesPicker
              packages={packages}
              modules={modules}
              value={chosenPackages}
              onChange={setChosenPackages}
              error={fields['packages.0'] ?? fields.packages}
            />
            <ModulesPicker
              modules={modules}
              packages={packages}
              chosenPackages={chosenPackages}
              value={chosenModules}
              onChange={setChosenModules}
              error={fields['modules.0.key'] ?? fields.modules}
            />
          </>
        )}
        {edit.error != null && !Object.keys(fields).length && (
          <Text c="red" size="sm" role="alert">
            {problemText(edit.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={save} loading={edit.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Module, Package } from '../../catalogue/api';
import { useModuleName, usePackageName } from '../../catalogue/hooks';
import type { Grant, UserType } from '../api';
import { holdsAccess } from '../grants';
import type { AddUserDetails } from './add-user-state';
import { DetailsTable } from '../../shared/components/details-table';

interface AddUserSummaryProps {
  type: UserType;
  details: AddUserDetails;
  officeName: string | null;
  existing: boolean;
  packages: Package[];
  modules: Grant[];
  allModules: Module[];
}

/** The last step: what will be created, which license seats it takes (R-B1) and who gets mail (R-C2). */
export function AddUserSummary({ type, details, officeName, existing, packages, modules, allModules }: AddUserSummaryProps) {
  const { t } = useTranslation('users');
  const moduleName = useModuleName();
  const packageName = usePackageName();
  const byKey = new Map(allModules.map((m) => [m.key, m]));
  const nameOf = (key: string) => {
    const module = byKey.get(key);
    return module ? moduleName(module) : key;
  };
  const effective = new Set([...packages.flatMap((p) => p.modules), ...modules.map((m) => m.key)]);
  const seats = [...effective].filter((key) => byKey.get(key)?.licensed);

  const rows: [string, ReactNode][] = [
    [t('fields.type'), t(`typeSection.${type}`)],
    ...(type !== 'person' ? ([[t('fields.email'), details.email]] as [string, ReactNode][]) : []),
    [t('fields.name'), `${details.firstName} ${details.lastName}`],
    ...(details.phone ? ([[t('fields.phone'), details.phone]] as [string, ReactNode][]) : []),
    ...(details.jobTitle ? ([[t('fields.jobTitle'), details.jobTitle]] as [string, ReactNode][]) : []),
    ...(type === 'external' ? ([[t('fields.validity'), `${details.validFrom || '…'} – ${details.validUntil}`]] as [string, ReactNode][]) : []),
    ...(officeName ? ([[t('fields.office'), officeName]] as [string, ReactNode][]) : []),
    ...(type === 'reseller' && details.resellerRole ? ([[t('fields.resellerRole'), t(`resellerRole.${details.resellerRole}`)]] as [string, ReactNode][]) : []),
  ];
  if (holdsAccess(type)) {
    rows.push([t('grants.packages'), packages.length ? packages.map(packageName).join(', ') : t('grants.none')]);
    rows.push([
      t('grants.modules'),
      modules.length ? (
        <Group gap={4}>
          {modules.map((m) => (
            <Badge key={m.key} variant="light" color={m.admin ? 'grape' : 'blue'}>
              {nameOf(m.key)}
              {m.admin ? ` · ${t('grants.admin')}` : ''}
            </Badge>
          ))}
        </Group>
      ) : (
        t('grants.none')
      ),
    ]);
    rows.push([t('add.seats'), seats.length ? seats.map(nameOf).join(', ') : t('add.noSeats')]);
  }

  return (
    <>
      <DetailsTable data-testid="add-user-summary" rows={rows} />
      <Text size="sm" c="dimmed">
        {type === 'person' ? t('add.personNote') : existing ? t('add.existingNote') : t('add.inviteNote')}
      </Text>
    </>
  );
}

import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LANGUAGE_NAMES } from '../../i18n/languages';
import { useFormatters } from '../../shared/format';
import type { Org } from '../api';
import { useMe } from '../../auth/hooks';
import { KindBadge } from './kind-badge';
import { PermissionModelBadge } from './permission-model-badge';
import { DetailsTable } from '../../shared/components/details-table';

/** The agency by name; a link only for those who can open it (operators, its members), never an id to a 404. */
function AgencyName({ agency }: { agency: { id: string; name: string } }) {
  const me = useMe().data;
  const canOpen = Boolean(me?.operator || me?.organisations.some((o) => o.id === agency.id));
  if (!canOpen) return <Text size="sm">{agency.name}</Text>;
  return (
    <Anchor component={Link} to={`/orgs/${agency.id}`}>
      {agency.name}
    </Anchor>
  );
}

export function OrgDetails({ org }: { org: Org }) {
  const { t } = useTranslation('orgs');
  const format = useFormatters();
  const rows: [string, ReactNode][] = [
    [t('fields.name'), org.name],
    [t('fields.kind'), <KindBadge kind={org.kind} />],
    [t('fields.country'), t(`country.${org.country}`)],
    [
      t('fields.businessId'),
      <Text ff="monospace" size="sm">
        {org.businessId}
      </Text>,
    ],
    [t('fields.defaultLanguage'), LANGUAGE_NAMES[org.defaultLanguage] ?? org.defaultLanguage],
    ...(org.kind === 'client'
      ? ([[t('fields.agency'), org.agency ? <AgencyName agency={org.agency} /> : t('overview.noAgency')]] as [string, ReactNode][])
      : []),
    [t('fields.permissionModel'), <PermissionModelBadge model={org.permissionModel} />],
    [t('fields.contractOwner'), org.contractOwner ? `${org.contractOwner.name} (${org.contractOwner.email})` : t('overview.ownerNone')],
    [t('fields.createdAt'), format.dateTime(org.createdAt)],
  ];
  return <DetailsTable layout="fixed" data-testid="org-details" rows={rows} />;
}

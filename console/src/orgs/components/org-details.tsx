import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LANGUAGE_NAMES } from '../../i18n/languages';
import { useFormatters } from '../../shared/format';
import type { Org } from '../api';
import { useOrg } from '../hooks';
import { KindBadge } from './kind-badge';
import { PermissionModelBadge } from './permission-model-badge';
import { DetailsTable } from '../../shared/components/details-table';

function AgencyLink({ agencyId }: { agencyId: string }) {
  const agency = useOrg(agencyId);
  return (
    <Anchor component={Link} to={`/orgs/${agencyId}`}>
      {agency.data?.name ?? (agency.isError ? agencyId : '…')}
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
      ? ([[t('fields.agency'), org.agencyId ? <AgencyLink agencyId={org.agencyId} /> : t('overview.noAgency')]] as [string, ReactNode][])
      : []),
    [t('fields.permissionModel'), <PermissionModelBadge model={org.permissionModel} />],
    [t('fields.contractOwner'), org.contractOwnerAccountId ? t('overview.ownerSet') : t('overview.ownerNone')],
    [t('fields.createdAt'), format.dateTime(org.createdAt)],
  ];
  return <DetailsTable layout="fixed" data-testid="org-details" rows={rows} />;
}

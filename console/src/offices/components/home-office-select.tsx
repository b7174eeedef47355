import { Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Office } from '../api';

interface HomeOfficeSelectProps {
  /** The offices of the user's home organisation; undefined while they load. */
  offices: Office[] | undefined;
  /** The home organisation's name when it is not this organisation (a partner), else null. */
  partnerHome: string | null;
  value: string | null;
  onChange: (officeId: string | null) => void;
  error?: string;
}

/**
 * R-C16, issue 14 item 16: the office a user being added is placed at — an office of their home organisation (for a
 * partner, their own company's), or none. Says so when the home organisation has no offices.
 */
export function HomeOfficeSelect({ offices, partnerHome, value, onChange, error }: HomeOfficeSelectProps) {
  const { t } = useTranslation('users');
  if (!offices) return null;
  if (offices.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="home-office-none">
        {partnerHome ? t('office.noneAtHome', { org: partnerHome }) : t('office.noneHere')}
      </Text>
    );
  return (
    <Select
      label={t('office.label')}
      description={partnerHome ? t('office.partnerHint', { org: partnerHome }) : undefined}
      placeholder={t('office.none')}
      clearable
      searchable
      nothingFoundMessage={t('office.noneFound')}
      data={offices.map((o) => ({ value: o.id, label: o.address ? `${o.name} · ${o.address}` : o.name }))}
      value={value && offices.some((o) => o.id === value) ? value : null}
      onChange={onChange}
      error={error}
      data-testid="home-office-select"
    />
  );
}

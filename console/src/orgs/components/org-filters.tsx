import { Button, Group, SegmentedControl, Switch, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgListFilters } from '../list-params';

interface OrgFiltersProps {
  filters: OrgListFilters;
  onChange: (patch: Partial<OrgListFilters>) => void;
}

export function OrgFilters({ filters, onChange }: OrgFiltersProps) {
  const { t } = useTranslation(['orgs', 'conversion']);
  const [search, setSearch] = useState(filters.q);
  const [debounced] = useDebouncedValue(search.trim(), 300);

  useEffect(() => {
    // Only the debounced text drives the query (and the URL).
    if (debounced !== filters.q) onChange({ q: debounced });
  }, [debounced]);

  useEffect(() => {
    // Back/forward navigation changes the URL's q: show it in the box.
    if (filters.q !== search.trim()) setSearch(filters.q);
  }, [filters.q]);

  return (
    <Group gap="md" align="end" wrap="wrap">
      <TextInput
        type="search"
        label={t('list.search')}
        placeholder={t('list.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={{ base: '100%', sm: 320 }}
      />
      <SegmentedControl
        aria-label={t('list.kindFilter')}
        value={filters.kind}
        onChange={(kind) => onChange({ kind: kind as OrgListFilters['kind'] })}
        data={[
          { value: 'all', label: t('list.kindAll') },
          { value: 'agency', label: t('kind.agency') },
          { value: 'client', label: t('kind.client') },
        ]}
      />
      {filters.agencyId && (
        <Button variant="light" size="xs" mb={8} onClick={() => onChange({ agencyId: '' })} aria-label={t('conversion:notice.clients')}>
          {t('conversion:notice.clients')} ✕
        </Button>
      )}
      <Switch label={t('list.mustConvert')} checked={filters.mustConvert} onChange={(e) => onChange({ mustConvert: e.currentTarget.checked })} mb={8} />
    </Group>
  );
}

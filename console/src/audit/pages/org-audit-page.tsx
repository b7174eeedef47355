import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { PagedList } from '../../shared/components/cursor-pager';
import { DebouncedInput } from '../../shared/components/debounced-input';
import { DownloadIcon } from '../../shared/components/icons';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { AUDIT_ACTIONS, auditExportUrl, type AuditFilters } from '../api';
import { AuditTable } from '../components/audit-table';
import { useActionLabel, useOrgAudit } from '../hooks';

const PAGE_SIZE = 25;
const KEYS = ['actor', 'action', 'target', 'from', 'to'] as const;
const GROUPS = ['user', 'account', 'org'] as const;

/** R-K1, issue 14 item 11: an organisation's audit log, newest first, filtered by who, what, about whom and when. */
export function OrgAuditPage() {
  const { t, i18n } = useTranslation('audit');
  const org = useOrgOutlet();
  const actionLabel = useActionLabel();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = Object.fromEntries(KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const pages = useCursorPages(params.toString());
  const audit = useOrgAudit(org.id, filters, pages.cursor, PAGE_SIZE);
  const update = (patch: Partial<AuditFilters>) => {
    pages.reset();
    const next = { ...filters, ...patch };
    setParams(Object.fromEntries(KEYS.flatMap((k) => (next[k] ? [[k, next[k]!]] : []))), { replace: true });
  };
  const actions = useMemo(() => {
    const group = (a: string) => (GROUPS as readonly string[]).find((g) => a.startsWith(`${g}.`)) ?? 'other';
    return [...GROUPS, 'other'].map((g) => ({
      group: t(`filters.groups.${g}` as never),
      items: AUDIT_ACTIONS.filter((a) => group(a) === g)
        .map((a) => ({ value: a, label: actionLabel(a) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    }));
  }, [t, actionLabel]);
  const filtered = KEYS.some((k) => filters[k]);

  return (
    <Stack>
      <Group align="end" gap="sm" role="search" aria-label={t('filters.label')}>
        <DebouncedInput
          label={t('filters.actor')}
          placeholder={t('filters.actorPlaceholder')}
          value={filters.actor ?? ''}
          onSettle={(actor) => update({ actor: actor || undefined })}
          w={{ base: '100%', sm: 200 }}
          data-testid="audit-filter-actor"
        />
        <Select
          label={t('filters.action')}
          placeholder={t('filters.actionPlaceholder')}
          data={actions}
          value={filters.action ?? null}
          onChange={(action) => update({ action: action ?? undefined })}
          searchable
          clearable
          w={{ base: '100%', sm: 260 }}
          data-testid="audit-filter-action"
        />
        <DebouncedInput
          label={t('filters.target')}
          placeholder={t('filters.targetPlaceholder')}
          value={filters.target ?? ''}
          onSettle={(target) => update({ target: target || undefined })}
          w={{ base: '100%', sm: 200 }}
          data-testid="audit-filter-target"
        />
        <Group gap="sm" wrap="nowrap" w={{ base: '100%', sm: 'auto' }}>
          <TextInput
            type="date"
            label={t('filters.from')}
            value={filters.from ?? ''}
            max={filters.to}
            onChange={(e) => update({ from: e.currentTarget.value || undefined })}
            style={{ flex: 1 }}
            data-testid="audit-filter-from"
          />
          <TextInput
            type="date"
            label={t('filters.to')}
            value={filters.to ?? ''}
            min={filters.from}
            onChange={(e) => update({ to: e.currentTarget.value || undefined })}
            style={{ flex: 1 }}
            data-testid="audit-filter-to"
          />
        </Group>
        {filtered && (
          <Button variant="subtle" onClick={() => update({ actor: undefined, action: undefined, target: undefined, from: undefined, to: undefined })}>
            {t('filters.clear')}
          </Button>
        )}
        <Button
          component="a"
          href={auditExportUrl(org.id, filters, i18n.language)}
          download
          variant="default"
          leftSection={<DownloadIcon size={16} />}
          ml={{ sm: 'auto' }}
          data-testid="export-audit"
        >
          {t('export.button')}
        </Button>
      </Group>
      <PagedList query={audit} pages={pages} totalLabel={(count, formatted) => t('total', { count, formatted })}>
        {(events) => <AuditTable events={events} />}
      </PagedList>
    </Stack>
  );
}

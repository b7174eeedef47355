import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { CursorPager } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { AuditTable } from '../components/audit-table';
import { useOrgAudit } from '../hooks';

const PAGE_SIZE = 25;

/** R-K1: an organisation's audit log, newest first. */
export function OrgAuditPage() {
  const { t } = useTranslation('audit');
  const format = useFormatters();
  const org = useOrgOutlet();
  const pages = useCursorPages();
  const audit = useOrgAudit(org.id, pages.cursor, PAGE_SIZE);

  return (
    <Stack>
      <QueryState isPending={audit.isPending} error={audit.error} onRetry={() => void audit.refetch()}>
        <AuditTable events={audit.data?.items ?? []} />
        <CursorPager
          total={audit.data?.total}
          totalLabel={audit.data ? t('total', { count: audit.data.total, formatted: format.number(audit.data.total) }) : ''}
          pageIndex={pages.pageIndex}
          hasPrevious={pages.hasPrevious}
          nextCursor={audit.data?.nextCursor}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </QueryState>
    </Stack>
  );
}

import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { PagedList } from '../../shared/components/cursor-pager';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { AuditTable } from '../components/audit-table';
import { useOrgAudit } from '../hooks';

const PAGE_SIZE = 25;

/** R-K1: an organisation's audit log, newest first. */
export function OrgAuditPage() {
  const { t } = useTranslation('audit');
  const org = useOrgOutlet();
  const pages = useCursorPages();
  const audit = useOrgAudit(org.id, pages.cursor, PAGE_SIZE);

  return (
    <Stack>
      <PagedList query={audit} pages={pages} totalLabel={(count, formatted) => t('total', { count, formatted })}>
        {(events) => <AuditTable events={events} />}
      </PagedList>
    </Stack>
  );
}

import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PagedList } from '../../shared/components/cursor-pager';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { useAccessJobs } from '../hooks';

/** The agency's access jobs, newest first (history, R-H3). */
export function AccessJobsPage() {
  const { t } = useTranslation('accessJobs');
  const agency = useOrgOutlet();
  const { number, dateTime } = useFormatters();
  const pages = useCursorPages();
  const list = useAccessJobs(agency.id, pages.cursor);
  return (
    <Stack>
      <Title order={3}>{t('job.history')}</Title>
      <PagedList query={list} pages={pages}>
        {(jobs) =>
          jobs.length === 0 ? (
            <Text c="dimmed">{t('job.historyEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('job.column.when')}</Table.Th>
                    <Table.Th>{t('job.column.what')}</Table.Th>
                    <Table.Th>{t('job.column.items')}</Table.Th>
                    <Table.Th>{t('job.column.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {jobs.map((j) => (
                    <Table.Tr key={j.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/orgs/${agency.id}/access-jobs/${j.id}`}>
                          {dateTime(j.createdAt)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t(`job.operation.${j.operation}`)}</Table.Td>
                      <Table.Td>
                        {number(j.processed)} / {number(j.total)}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={j.status === 'failed' ? 'red' : j.status === 'done' ? 'green' : 'blue'}>{t(`job.status.${j.status}`)}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </PagedList>
    </Stack>
  );
}

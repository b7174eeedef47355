import { Anchor, Badge, Button, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useModuleKeyName } from '../../catalogue/hooks';
import { PagedList } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { ACCESS_JOB_OUTCOMES, jobResultsExportUrl, type AccessJob, type AccessJobOutcome } from '../api';
import { useAccessJob, useJobResults } from '../hooks';

const OUTCOME_COLOR: Record<AccessJobOutcome, string> = {
  granted: 'green',
  already_had: 'gray',
  removed: 'blue',
  not_present: 'gray',
  denied: 'orange',
  failed: 'red',
};

/**
 * An access job (R-H3): live progress while it runs (asked every second), then counts per outcome and every
 * (client, consultant, program) result, filtered by outcome, paged, exported to .xlsx. The bell's notification
 * leads here.
 */
export function AccessJobPage() {
  const { t } = useTranslation('accessJobs');
  const { orgId = '', jobId = '' } = useParams();
  const job = useAccessJob(jobId);
  return (
    <Stack>
      <Anchor component={Link} to={`/orgs/${orgId}/access-jobs`} size="sm">
        ← {t('job.history')}
      </Anchor>
      <QueryState isPending={job.isPending} error={job.error} onRetry={() => void job.refetch()}>
        {job.data && <JobView job={job.data} />}
      </QueryState>
    </Stack>
  );
}

function JobView({ job }: { job: AccessJob }) {
  const { t } = useTranslation('accessJobs');
  const { t: tn } = useTranslation('notifications');
  const { number, dateTime } = useFormatters();
  const moduleName = useModuleKeyName();
  const finished = job.status === 'done' || job.status === 'failed';
  const [outcome, setOutcome] = useState<AccessJobOutcome | null>(null);
  const pages = useCursorPages(outcome ?? '');
  const results = useJobResults(job.id, outcome, pages.cursor, finished || job.processed > 0);
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 100;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={3}>{t(`job.operation.${job.operation}`)}</Title>
        <Badge color={job.status === 'failed' ? 'red' : finished ? 'green' : 'blue'} data-testid="job-status">
          {t(`job.status.${job.status}`)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {t('job.startedBy', { name: job.createdBy.name ?? '', at: dateTime(job.createdAt) })}
        {job.finishedAt ? ` · ${t('job.finishedAt', { at: dateTime(job.finishedAt) })}` : ''}
      </Text>
      <Text size="sm">
        {t('job.summary', {
          clients: number(job.clientCount),
          consultants: job.consultants.map((c) => c.name).join(', '),
          modules: job.modules.map(moduleName).join(', ') || t('job.allPrograms'),
        })}
      </Text>
      <Stack gap={4}>
        <Progress value={percent} animated={!finished} aria-label={t('job.progress', { processed: job.processed, total: job.total })} />
        <Text size="sm" data-testid="job-progress">
          {t('job.progress', { processed: number(job.processed), total: number(job.total) })}
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        {ACCESS_JOB_OUTCOMES.map((o) => (
          <Paper key={o} withBorder p="xs" data-testid={`count-${o}`}>
            <Text size="xs" c="dimmed">
              {tn(`outcome.${o}`)}
            </Text>
            <Text fw={700} c={OUTCOME_COLOR[o]}>
              {number(job.counts[o] ?? 0)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Group justify="space-between" align="flex-end">
        <Select
          label={t('job.filter')}
          data={[{ value: '', label: t('job.allOutcomes') }, ...ACCESS_JOB_OUTCOMES.map((o) => ({ value: o, label: tn(`outcome.${o}`) }))]}
          value={outcome ?? ''}
          onChange={(v) => setOutcome((v || null) as AccessJobOutcome | null)}
          allowDeselect={false}
          maw={240}
          data-testid="filter-outcome"
        />
        <Button component="a" href={jobResultsExportUrl(job.id, outcome)} variant="default" download>
          {t('job.export')}
        </Button>
      </Group>
      <PagedList query={results} pages={pages} totalLabel={(count, formatted) => t('job.results', { count, formatted })}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('job.resultsEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table data-testid="job-results">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('job.column.client')}</Table.Th>
                    <Table.Th>{t('job.column.consultant')}</Table.Th>
                    <Table.Th>{t('job.column.program')}</Table.Th>
                    <Table.Th>{t('job.column.outcome')}</Table.Th>
                    <Table.Th>{t('job.column.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r, i) => (
                    <Table.Tr key={`${r.clientId}:${r.consultantAccountId}:${r.module ?? ''}:${i}`}>
                      <Table.Td>{r.clientName}</Table.Td>
                      <Table.Td>{r.consultantName}</Table.Td>
                      <Table.Td>{r.module ? moduleName(r.module) : t('job.wholeClient')}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={OUTCOME_COLOR[r.outcome]}>
                          {tn(`outcome.${r.outcome}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{r.reason ? t(`job.reason.${r.reason}`, { defaultValue: r.reason }) : ''}</Table.Td>
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

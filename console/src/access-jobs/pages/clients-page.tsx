import { Anchor, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PagedList } from '../../shared/components/cursor-pager';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { useNotifyProblem } from '../../users/notify-problem';
import { fetchAllClientIds } from '../api';
import { ManageAccessDialog } from '../components/manage-access-dialog';
import { useClients } from '../hooks';

/**
 * The agency's client list (seed 004): select clients — on this page, or every client matching the search across
 * pages — and "Manage access" opens the dialog with the three operations.
 */
export function ClientsPage() {
  const { t } = useTranslation('accessJobs');
  const agency = useOrgOutlet();
  const { number } = useFormatters();
  const [q, setQ] = useState('');
  const pages = useCursorPages(q);
  const list = useClients(agency.id, q, pages.cursor);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectingAll, setSelectingAll] = useState(false);
  const [dialog, setDialog] = useState(false);
  const notifyProblem = useNotifyProblem();
  const items = list.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((o) => selected.has(o.id));
  const someOnPage = items.some((o) => selected.has(o.id));

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const togglePage = (on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const o of items) {
        if (on) next.add(o.id);
        else next.delete(o.id);
      }
      return next;
    });
  const selectAllMatching = async () => {
    setSelectingAll(true);
    try {
      const ids = await fetchAllClientIds(agency.id, q);
      setSelected((s) => new Set([...s, ...ids]));
    } catch (err) {
      notifyProblem(err);
    } finally {
      setSelectingAll(false);
    }
  };
  const total = list.data?.total ?? 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('clients.title')}</Title>
        <Group gap="xs">
          <Anchor component={Link} to={`/orgs/${agency.id}/access-jobs`} size="sm">
            {t('job.history')}
          </Anchor>
          <Button disabled={selected.size === 0} onClick={() => setDialog(true)}>
            {t('clients.manageAccess')}
          </Button>
        </Group>
      </Group>
      <TextInput label={t('clients.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={360} />
      <Group gap="sm" mih={36}>
        <Text size="sm" data-testid="selected-count">
          {t('clients.selected', { count: selected.size, formatted: number(selected.size) })}
        </Text>
        {total > 0 && (
          <Button variant="subtle" size="xs" loading={selectingAll} onClick={() => void selectAllMatching()}>
            {t('clients.selectAllMatching', { count: total, formatted: number(total) })}
          </Button>
        )}
        {selected.size > 0 && (
          <Button variant="subtle" size="xs" color="gray" onClick={() => setSelected(new Set())}>
            {t('clients.clearSelection')}
          </Button>
        )}
      </Group>
      <PagedList query={list} pages={pages} totalLabel={(count, formatted) => t('clients.total', { count, formatted })}>
        {(clients) =>
          clients.length === 0 ? (
            <Text c="dimmed">{t('clients.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label={t('clients.selectPage')}
                        checked={allOnPage}
                        indeterminate={!allOnPage && someOnPage}
                        onChange={(e) => togglePage(e.currentTarget.checked)}
                      />
                    </Table.Th>
                    <Table.Th>{t('clients.column.name')}</Table.Th>
                    <Table.Th>{t('clients.column.country')}</Table.Th>
                    <Table.Th>{t('clients.column.businessId')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {clients.map((o) => (
                    <Table.Tr key={o.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={t('clients.select', { name: o.name })}
                          checked={selected.has(o.id)}
                          onChange={(e) => toggle(o.id, e.currentTarget.checked)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/orgs/${o.id}`}>
                          {o.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{o.country}</Table.Td>
                      <Table.Td>{o.businessId}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </PagedList>
      {dialog && <ManageAccessDialog agencyId={agency.id} clientIds={[...selected]} onClose={() => setDialog(false)} />}
    </Stack>
  );
}

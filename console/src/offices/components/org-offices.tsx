import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { Office } from '../api';
import { useAddOffice, useOffices, useRemoveOffice, useUpdateOffice } from '../hooks';

/** R-C16: an organisation's offices ("toimipaikka", seed 003) on its page; administrators add, rename and remove them. */
export function OrgOffices({ orgId, canChange }: { orgId: string; canChange: boolean }) {
  const { t } = useTranslation('orgs');
  const offices = useOffices(orgId);
  const [editing, setEditing] = useState<Office | 'new' | null>(null);
  const [removing, setRemoving] = useState<Office | null>(null);
  const items = offices.data?.items ?? [];

  return (
    <Stack gap="xs" data-testid="org-offices">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('offices.title')}
        </Title>
        {canChange && (
          <Button variant="light" size="xs" onClick={() => setEditing('new')}>
            {t('offices.add')}
          </Button>
        )}
      </Group>
      <QueryState isPending={offices.isPending} error={offices.error} onRetry={() => void offices.refetch()}>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('offices.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('offices.name')}</Table.Th>
                  <Table.Th>{t('offices.address')}</Table.Th>
                  <Table.Th ta="right">{t('offices.users')}</Table.Th>
                  {canChange && (
                    <Table.Th>
                      <VisuallyHidden>{t('offices.actions')}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((o) => (
                  <Table.Tr key={o.id} data-office={o.name}>
                    <Table.Td fw={500}>{o.name}</Table.Td>
                    <Table.Td>{o.address ?? '—'}</Table.Td>
                    <Table.Td ta="right">{o.users}</Table.Td>
                    {canChange && (
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button variant="subtle" size="compact-sm" onClick={() => setEditing(o)}>
                            {t('offices.rename')}
                            <VisuallyHidden> {o.name}</VisuallyHidden>
                          </Button>
                          <Button variant="subtle" color="red" size="compact-sm" onClick={() => setRemoving(o)}>
                            {t('offices.remove')}
                            <VisuallyHidden> {o.name}</VisuallyHidden>
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('offices.addTitle') : t('offices.renameTitle')}>
        {editing !== null && <OfficeForm orgId={orgId} office={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('offices.removeTitle')} centered>
        {removing && <RemoveOffice orgId={orgId} office={removing} onDone={() => setRemoving(null)} />}
      </Modal>
    </Stack>
  );
}

function OfficeForm({ orgId, office, onDone }: { orgId: string; office: Office | null; onDone: () => void }) {
  const { t } = useTranslation(['orgs', 'common']);
  const fieldErrorsFrom = useFieldErrors();
  const problemText = useProblemText();
  const add = useAddOffice(orgId);
  const update = useUpdateOffice(orgId);
  const mutation = office ? update : add;
  const [name, setName] = useState(office?.name ?? '');
  const [address, setAddress] = useState(office?.address ?? '');
  const [missing, setMissing] = useState(false);
  const fields = isApiError(mutation.error) ? fieldErrorsFrom(mutation.error) : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    const body = { name: name.trim(), address: address.trim() || null };
    const done = () => {
      notifySuccess(office ? t('offices.saved', { name: body.name }) : t('offices.added', { name: body.name }));
      onDone();
    };
    if (office) update.mutate({ id: office.id, body }, { onSuccess: done });
    else add.mutate(body, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('offices.name')}
          required
          maxLength={100}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setMissing(false);
          }}
          error={
            missing
              ? t('offices.nameRequired')
              : (fields.name ?? (isApiError(mutation.error) && mutation.error.code === 'office_name_taken' ? problemText(mutation.error) : undefined))
          }
          data-autofocus
        />
        <TextInput
          label={t('offices.address')}
          description={t('offices.addressHint')}
          maxLength={300}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={fields.address}
        />
        {mutation.error && !(isApiError(mutation.error) && mutation.error.errors.length) && (
          <Alert color="red" role="alert">
            {problemText(mutation.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {office ? t('common:actions.save') : t('offices.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Removing an office: nobody placed there → removed; somebody placed there → said how many, and removing clears
 * their placements (the server refuses with office_in_use unless asked to clear them).
 */
function RemoveOffice({ orgId, office, onDone }: { orgId: string; office: Office; onDone: () => void }) {
  const { t } = useTranslation(['orgs', 'common']);
  const problemText = useProblemText();
  const remove = useRemoveOffice(orgId);
  const [users, setUsers] = useState(office.users);
  const confirm = () =>
    remove.mutate(
      { id: office.id, clearPlacements: users > 0 },
      {
        onSuccess: () => {
          notifySuccess(t('offices.removed', { name: office.name }));
          onDone();
        },
        onError: (error) => {
          // Somebody was placed there meanwhile: say how many and ask again.
          if (isApiError(error) && error.code === 'office_in_use' && typeof error.body.users === 'number') setUsers(error.body.users);
        },
      },
    );
  return (
    <Stack>
      <Text size="sm">{users > 0 ? t('offices.removeInUse', { name: office.name, count: users }) : t('offices.removeConfirm', { name: office.name })}</Text>
      {remove.error && !(isApiError(remove.error) && remove.error.code === 'office_in_use') && (
        <Alert color="red" role="alert">
          {problemText(remove.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} disabled={remove.isPending}>
          {t('common:actions.cancel')}
        </Button>
        <Button color="red" loading={remove.isPending} onClick={confirm} data-autofocus>
          {users > 0 ? t('offices.removeAndClear') : t('offices.remove')}
        </Button>
      </Group>
    </Stack>
  );
}

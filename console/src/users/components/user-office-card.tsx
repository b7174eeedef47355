import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlaceableOffices } from '../../offices/hooks';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { UserView } from '../api';
import { useUpdateUser } from '../hooks';

/** The account whose home organisation's offices a user is placed at: a partner's; own users and persons are at home here. */
export const placementAccountOf = (user: Pick<UserView, 'home' | 'accountId'>) => (user.home === 'partner' ? user.accountId : null);

/** R-C16: the office a user is placed at — for a partner, an office of their home organisation — changed by administrators. */
export function UserOfficeCard({ orgId, user, canEdit }: { orgId: string; user: UserView; canEdit: boolean }) {
  const { t } = useTranslation(['users', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const offices = usePlaceableOffices(orgId, placementAccountOf(user), canEdit);
  const update = useUpdateUser(orgId, user.id);
  const [officeId, setOfficeId] = useState<string | null>(user.office?.id ?? null);
  const dirty = officeId !== (user.office?.id ?? null);
  const fieldError = isApiError(update.error) ? fieldErrorsFrom(update.error).officeId : undefined;
  const homeName = user.homeOrg?.name ?? '';

  return (
    <Paper withBorder p="md" data-testid="user-office">
      <Stack gap="xs">
        <Title order={4}>{t('office.title')}</Title>
        {!canEdit ? (
          <Text size="sm">{user.office?.name ?? t('office.none')}</Text>
        ) : (
          <>
            <Select
              label={t('office.label')}
              description={user.home === 'partner' ? t('office.partnerHint', { org: homeName }) : undefined}
              placeholder={t('office.none')}
              clearable
              searchable
              nothingFoundMessage={t('office.noneFound')}
              data={(offices.data?.items ?? []).map((o) => ({ value: o.id, label: o.address ? `${o.name} · ${o.address}` : o.name }))}
              value={officeId}
              onChange={setOfficeId}
              error={fieldError}
              data-testid="user-office-select"
            />
            {offices.data && offices.data.items.length === 0 && (
              <Text size="sm" c="dimmed">
                {user.home === 'partner' ? t('office.noneAtHome', { org: homeName }) : t('office.noneHere')}
              </Text>
            )}
            {update.error && !fieldError && (
              <Alert color="red" role="alert">
                {problemText(update.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button
                disabled={!dirty}
                loading={update.isPending}
                onClick={() => update.mutate({ officeId }, { onSuccess: () => notifySuccess(t('office.saved')) })}
                data-testid="user-office-save"
              >
                {t('common:actions.save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

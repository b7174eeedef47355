import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { DiscardButton } from './discard-button';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName, useModules, usePackages } from '../../catalogue/hooks';
import { SeatProblemList } from '../../licenses/components/seat-problem';
import { isApiError } from '../../shared/api-error';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { Grant, UserView } from '../api';
import { allowedModuleKeys, allowedPackages, holdsAccess, sameGrants } from '../grants';
import { useUpdateUser } from '../hooks';
import { ModulesPicker } from './modules-picker';
import { PackagesPicker } from './packages-picker';

/** R-C6: the packages and individual modules a user holds; effective modules are their union. */
export function UserAccessForm({ orgId, user }: { orgId: string; user: UserView }) {
  const { t } = useTranslation(['users', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const moduleKeyName = useModuleKeyName();
  const modules = useModules();
  const packages = usePackages();
  const update = useUpdateUser(orgId, user.id);
  const [chosenPackages, setChosenPackages] = useState<string[]>(user.packages);
  const [chosenModules, setChosenModules] = useState<Grant[]>(user.modules);
  const current = { packages: chosenPackages, modules: chosenModules };
  const dirty = !sameGrants(current, user);
  const fields = isApiError(update.error) ? fieldErrorsFrom(update.error) : {};
  const fieldError = (prefix: string) => Object.entries(fields).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  if (!holdsAccess(user.type)) {
    return (
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('user.access')}</Title>
          <Text size="sm" c="dimmed">
            {user.type === 'person' ? t('user.personNoAccess') : t('user.noAccess')}
          </Text>
        </Stack>
      </Paper>
    );
  }

  const allPackages = packages.data?.items ?? [];
  const keys = allowedModuleKeys(user.type, allPackages);
  const moduleChoices = (modules.data?.items ?? []).filter((m) => keys === null || keys.has(m.key));

  // mutateAsync: the saved user remounts this form (its key), which would drop mutate()'s callbacks.
  const save = () =>
    update.mutateAsync({ packages: chosenPackages, modules: chosenModules.map(({ key, admin }) => ({ key, admin })) }).then(
      () => notifySuccess(t('user.accessSaved')),
      () => undefined,
    );

  return (
    <Paper withBorder p="md" data-testid="user-access">
      <Stack>
        <Title order={4}>{t('user.access')}</Title>
        {user.status === 'inactive' && <Alert color="gray">{t('user.dormant')}</Alert>}
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            {t('user.effectiveModules')}:
          </Text>
          {user.effectiveModules.length === 0 && <Text size="sm">{t('grants.none')}</Text>}
          {user.effectiveModules.map((key) => (
            <Badge key={key} variant="light">
              {moduleKeyName(key)}
            </Badge>
          ))}
        </Group>
        {update.error && (
          <Alert color="red" role="alert">
            <Text size="sm">{problemText(update.error)}</Text>
            <SeatProblemList error={update.error} />
          </Alert>
        )}
        <QueryState isPending={modules.isPending || packages.isPending} error={modules.error ?? packages.error}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <PackagesPicker
              packages={allowedPackages(user.type, allPackages)}
              modules={modules.data?.items ?? []}
              value={chosenPackages}
              onChange={setChosenPackages}
              error={fieldError('packages')}
            />
            <ModulesPicker
              modules={moduleChoices}
              packages={allPackages}
              chosenPackages={chosenPackages}
              value={chosenModules}
              onChange={setChosenModules}
              error={fieldError('modules')}
            />
          </SimpleGrid>
        </QueryState>
        <Group>
          <Button onClick={save} disabled={!dirty} loading={update.isPending} data-testid="save-access">
            {t('user.saveAccess')}
          </Button>
          <DiscardButton
            dirty={dirty}
            onDiscard={() => {
              setChosenPackages(user.packages);
              setChosenModules(user.modules);
              update.reset();
            }}
          />
        </Group>
      </Stack>
    </Paper>
  );
}

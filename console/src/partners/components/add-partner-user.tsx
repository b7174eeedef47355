import { Alert, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { HomeOfficeSelect } from '../../offices/components/home-office-select';
import { usePlaceableOffices } from '../../offices/hooks';
import { useTranslation } from 'react-i18next';
import { useOrg } from '../../orgs/hooks';
import { isApiError } from '../../shared/api-error';
import { QueryState } from '../../shared/components/query-state';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { AddedUser, PartnerUserType } from '../api';
import { useAccountLookup, useAddPartnerUser } from '../hooks';
import { AccessFields } from './access-fields';
import { NewPartnerUserForm } from './new-partner-user-form';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface AddPartnerUserButtonProps {
  orgId: string;
  onAdded?: (user: AddedUser) => void;
}

/** Seed 003 "Lisää kumppanikäyttäjä" (R-F1): find a person by e-mail and add them here, or create a new user. */
export function AddPartnerUserButton({ orgId, onAdded }: AddPartnerUserButtonProps) {
  const { t } = useTranslation('partners');
  const [opened, setOpened] = useState(false);
  // A new key per opening starts the dialog afresh.
  const [session, setSession] = useState(0);
  return (
    <>
      <Button
        variant="default"
        onClick={() => {
          setSession((s) => s + 1);
          setOpened(true);
        }}
      >
        {t('add.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('add.title')} size="xl">
        <AddPartnerUserDialog
          key={session}
          orgId={orgId}
          onClose={() => setOpened(false)}
          onAdded={(user) => {
            setOpened(false);
            onAdded?.(user);
          }}
        />
      </Modal>
    </>
  );
}

function AddPartnerUserDialog({ orgId, onClose, onAdded }: { orgId: string; onClose: () => void; onAdded: (user: AddedUser) => void }) {
  const { t } = useTranslation(['partners', 'common']);
  const problemText = useProblemText();
  const org = useOrg(orgId);
  const lookup = useAccountLookup();
  const add = useAddPartnerUser(orgId);
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [type, setType] = useState<PartnerUserType>('employee');
  const [packages, setPackages] = useState<string[]>([]);

  const added = (user: AddedUser) => {
    notifySuccess(t(user.home === 'partner' ? 'add.addedPartner' : 'add.addedOwn', { name: `${user.firstName} ${user.lastName}` }));
    onAdded(user);
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) {
      setEmailError(t('form.emailInvalid'));
      return;
    }
    add.reset();
    lookup.mutate({ email: email.trim(), orgId });
  };

  const found = lookup.data?.found ? lookup.data.account : null;
  // R-C16: an existing account is placed at an office of its home organisation (issue 14 item 16).
  const offices = usePlaceableOffices(orgId, found?.id ?? null, Boolean(found?.homeOrg));
  const [officeId, setOfficeId] = useState<string | null>(null);
  const placedAt = found?.homeOrg && officeId && offices.data?.items.some((o) => o.id === officeId) ? officeId : null;
  if (creating && org.data) {
    return <NewPartnerUserForm org={org.data} email={lookup.variables?.email ?? email.trim()} onBack={() => setCreating(false)} onAdded={added} />;
  }

  const searched = lookup.variables?.email;
  // Known before trying (lookup with orgId), or learnt from the 409 of an attempt.
  const alreadyMember = lookup.data?.alreadyMember === true || (isApiError(add.error) && add.error.code === 'already_member');

  return (
    <QueryState isPending={org.isPending} error={org.error}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('search.hint')}
        </Text>
        <form onSubmit={search} noValidate aria-label={t('search.label')}>
          <Group align="start" gap="sm">
            <TextInput
              label={t('search.email')}
              type="email"
              data-autofocus
              value={email}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                setEmailError(null);
              }}
              error={emailError ?? (lookup.error ? problemText(lookup.error) : undefined)}
              style={{ flex: 1 }}
            />
            <Button type="submit" mt={25} loading={lookup.isPending}>
              {t('search.button')}
            </Button>
          </Group>
        </form>

        {found && (
          <Card withBorder data-testid="lookup-result">
            <Stack gap="sm">
              <div>
                <Text fw={600}>
                  {found.firstName} {found.lastName}
                </Text>
                <Text size="sm">{found.email}</Text>
                <Text size="sm" c="dimmed">
                  {t('search.homeOrg')}: {found.homeOrg?.name ?? t('search.noHomeOrg')}
                </Text>
                {found.homeOrg?.id === orgId && (
                  <Text size="sm" c="orange">
                    {t('search.homeIsThisOrg')}
                  </Text>
                )}
              </div>
              {found.homeOrg && (
                <HomeOfficeSelect
                  offices={offices.data?.items}
                  partnerHome={found.homeOrg.id === orgId ? null : found.homeOrg.name}
                  value={placedAt}
                  onChange={setOfficeId}
                />
              )}
              <AccessFields type={type} packages={packages} onType={setType} onPackages={setPackages} />
              {add.error != null && (
                <Alert color="red" role="alert">
                  {alreadyMember ? t('search.alreadyMember', { email: found.email }) : problemText(add.error)}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button
                  loading={add.isPending}
                  onClick={() =>
                    add.mutate(
                      {
                        type,
                        email: found.email,
                        ...(placedAt ? { officeId: placedAt } : {}),
                        ...(type === 'employee' && packages.length ? { packages } : {}),
                      },
                      { onSuccess: added },
                    )
                  }
                >
                  {t('search.add')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}

        {lookup.data && !lookup.data.found && (
          <Alert color="blue" title={t('search.notFoundTitle')} data-testid="lookup-not-found">
            {t('search.notFound', { email: searched })}
            <Group mt="sm" gap="sm">
              <Button size="xs" onClick={() => setCreating(true)}>
                {t('search.yesCreate')}
              </Button>
              <Button size="xs" variant="default" onClick={() => lookup.reset()}>
                {t('search.no')}
              </Button>
            </Group>
          </Alert>
        )}

        <Group justify="space-between">
          <Button variant="subtle" onClick={() => setCreating(true)}>
            {t('search.createNew')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('common:actions.close')}
          </Button>
        </Group>
      </Stack>
    </QueryState>
  );
}

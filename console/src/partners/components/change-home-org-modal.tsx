import { Alert, Button, Card, Divider, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Country } from '../../orgs/api';
import { BUSINESS_ID_PLACEHOLDER, COUNTRIES } from '../../orgs/org-fields';
import { isApiError } from '../../shared/api-error';
import { useProblemText } from '../../shared/problem-text';
import type { RegistryHit } from '../api';
import { useCreateOrgFromRegistry, usePartnerOrgs, useRegistryLookup } from '../hooks';

export interface HomeOrg {
  id: string;
  name: string;
}

interface ChangeHomeOrgModalProps {
  orgId: string;
  defaultCountry: Country;
  opened: boolean;
  onClose: () => void;
  onPick: (org: HomeOrg) => void;
}

/**
 * R-F2 "Vaihda organisaatio": pick an organisation that already has partner users here, or enter a business id:
 * found in Nyckel → pick it; found in the public registry → create it from there and pick it; else say who can help.
 */
export function ChangeHomeOrgModal({ orgId, defaultCountry, opened, onClose, onPick }: ChangeHomeOrgModalProps) {
  const { t } = useTranslation(['partners', 'orgs', 'common']);
  const problemText = useProblemText();
  const partnerOrgs = usePartnerOrgs(orgId, opened);
  const lookup = useRegistryLookup();
  const create = useCreateOrgFromRegistry();
  const [chosen, setChosen] = useState<string | null>(null);
  const [country, setCountry] = useState<Country>(defaultCountry);
  const [businessId, setBusinessId] = useState('');
  const [missing, setMissing] = useState(false);
  const { reset: resetLookup } = lookup;
  const { reset: resetCreate } = create;

  useEffect(() => {
    if (!opened) return;
    setChosen(null);
    setCountry(defaultCountry);
    setBusinessId('');
    setMissing(false);
    resetLookup();
    resetCreate();
  }, [opened, defaultCountry, resetLookup, resetCreate]);

  const search = (event?: FormEvent) => {
    event?.preventDefault();
    event?.stopPropagation();
    create.reset();
    if (!businessId.trim()) {
      setMissing(true);
      return;
    }
    lookup.mutate({ country, businessId: businessId.trim() });
  };

  const createFromRegistry = (hit: RegistryHit) =>
    create.mutate(
      { country: hit.country, businessId: hit.businessId },
      {
        onSuccess: (org) => onPick({ id: org.id, name: org.name }),
        onError: (error) => {
          // Created meanwhile (by someone else, or a second click): the existing one is the one to pick.
          const existing = isApiError(error) && error.code === 'duplicate_business_id' ? error.body.orgId : null;
          if (typeof existing === 'string') onPick({ id: existing, name: hit.name });
        },
      },
    );

  const options = (partnerOrgs.data?.items ?? []).filter((o) => o.id !== orgId).map((o) => ({ value: o.id, label: `${o.name} (${o.businessId})` }));
  const lookupError = isApiError(lookup.error) ? lookup.error : null;
  const invalidId = lookupError?.code === 'invalid_business_id';
  const hit = lookup.data;

  return (
    <Modal opened={opened} onClose={onClose} title={t('home.changeTitle')} size="lg" zIndex={310}>
      <Stack>
        <Select
          label={t('home.choose')}
          description={t('home.chooseHint')}
          placeholder={partnerOrgs.isPending ? t('common:loading') : t('home.choosePlaceholder')}
          data={options}
          value={chosen}
          onChange={setChosen}
          searchable
          nothingFoundMessage={t('home.noPartnerOrgs')}
          comboboxProps={{ zIndex: 320 }}
          data-testid="partner-org-select"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button
            variant="light"
            disabled={!chosen}
            onClick={() => {
              const o = partnerOrgs.data?.items.find((x) => x.id === chosen);
              if (o) onPick({ id: o.id, name: o.name });
            }}
          >
            {t('home.useChosen')}
          </Button>
        </Group>

        <Divider label={t('home.orByBusinessId')} labelPosition="center" />

        <form onSubmit={search} noValidate aria-label={t('home.searchByBusinessId')}>
          <Group align="start" gap="sm" wrap="wrap">
            <Select
              label={t('orgs:fields.country')}
              data={COUNTRIES.map((c) => ({ value: c, label: t(`orgs:country.${c}`) }))}
              value={country}
              allowDeselect={false}
              onChange={(value) => {
                if (!value) return;
                setCountry(value as Country);
                lookup.reset();
              }}
              comboboxProps={{ zIndex: 320 }}
              w={160}
            />
            <TextInput
              label={t('orgs:fields.businessId')}
              placeholder={BUSINESS_ID_PLACEHOLDER[country]}
              value={businessId}
              onChange={(e) => {
                setBusinessId(e.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('home.businessIdRequired') : invalidId ? problemText(lookupError) : undefined}
              style={{ flex: 1, minWidth: 180 }}
            />
            <Button type="submit" mt={25} loading={lookup.isPending}>
              {t('home.search')}
            </Button>
          </Group>
          {country === 'SE' && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('home.swedenNote')}
            </Text>
          )}
        </form>

        {lookup.isPending && <Loader role="status" size="sm" aria-label={t('common:loading')} />}

        {hit?.orgId && (
          <Card withBorder data-testid="registry-result">
            <Text size="sm" c="dimmed">
              {t('home.inNyckel')}
            </Text>
            <Text fw={600}>{hit.name}</Text>
            <Text size="sm">{hit.businessId}</Text>
            <Group justify="flex-end" mt="sm">
              <Button onClick={() => onPick({ id: hit.orgId!, name: hit.name })}>{t('home.pick')}</Button>
            </Group>
          </Card>
        )}

        {hit && !hit.orgId && (
          <Card withBorder data-testid="registry-result">
            <Text size="sm" c="dimmed">
              {t(`home.inRegistry.${hit.country}`)}
            </Text>
            <Text fw={600}>{hit.name}</Text>
            <Text size="sm">{[hit.businessId, hit.companyForm].filter(Boolean).join(' · ')}</Text>
            <Text size="sm" c="dimmed" mt="xs">
              {t('home.notInNyckel')}
            </Text>
            {create.error != null && !(isApiError(create.error) && create.error.code === 'duplicate_business_id') && (
              <Alert color="red" mt="sm" role="alert">
                {isApiError(create.error) && create.error.code === 'registry_unavailable' ? t('home.registryUnavailable') : problemText(create.error)}
              </Alert>
            )}
            <Group justify="flex-end" mt="sm">
              <Button loading={create.isPending} onClick={() => createFromRegistry(hit)}>
                {t('home.createFromRegistry')}
              </Button>
            </Group>
          </Card>
        )}

        {lookupError?.code === 'not_in_registry' && (
          <Alert color="yellow" title={t('home.notFoundTitle')} role="alert" data-testid="registry-not-found">
            {lookup.variables?.country === 'SE'
              ? t('home.notFoundSweden')
              : t(`home.notFound.${lookup.variables?.country === 'NO' ? 'NO' : 'FI'}`, { businessId: lookup.variables?.businessId ?? '' })}
            <Text size="sm" mt="xs">
              {t('home.operatorCanCreate')}
            </Text>
          </Alert>
        )}

        {lookupError?.code === 'registry_unavailable' && (
          <Alert color="red" title={t('home.registryUnavailableTitle')} role="alert">
            {t('home.registryUnavailable')}
            <div>
              <Button mt="sm" size="xs" variant="light" color="red" onClick={() => search()}>
                {t('common:actions.retry')}
              </Button>
            </div>
          </Alert>
        )}

        {lookup.error != null && !invalidId && lookupError?.code !== 'not_in_registry' && lookupError?.code !== 'registry_unavailable' && (
          <Alert color="red" role="alert">
            {problemText(lookup.error)}
          </Alert>
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

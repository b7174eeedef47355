import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, List, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { useOrg } from '../../orgs/hooks';
import { isApiError } from '../../shared/api-error';
import { ConfirmModal } from '../../shared/components/confirm-modal';
import { QueryState } from '../../shared/components/query-state';
import { useProblemText } from '../../shared/problem-text';
import { WIZARD_STEPS, type Conversion, type WizardStep } from '../api';
import { ConflictsStep } from '../components/conflicts-step';
import { DeactivationsStep } from '../components/deactivations-step';
import { SummaryStep } from '../components/summary-step';
import { useAbandonConversion, useApplyConversion, useConversion, useOpenConversion, useSetStep } from '../hooks';

/**
 * R-I2 (seed 000): the conversion wizard — instructions → conflicts → deactivations and warnings → summary → confirm,
 * one step per screen with Next/Back. The step lives on the server, so a reload or another browser resumes there.
 */
export function ConversionPage() {
  const { t } = useTranslation(['conversion', 'orgs']);
  const { orgId = '' } = useParams();
  const org = useOrg(orgId);
  const conversion = useConversion(orgId);
  const notOpened = isApiError(conversion.error) && conversion.error.status === 404;

  return (
    <Stack gap="md" maw={1100}>
      <Breadcrumbs>
        <Anchor component={Link} to="/orgs">
          {t('orgs:list.title')}
        </Anchor>
        <Anchor component={Link} to={`/orgs/${orgId}`}>
          {org.data?.name ?? '…'}
        </Anchor>
        <span>{t('wizard.crumb')}</span>
      </Breadcrumbs>
      <Title order={1} size="h2">
        {t('wizard.title', { org: org.data?.name ?? '' })}
      </Title>
      {notOpened ? (
        <Instructions orgId={orgId} />
      ) : (
        <QueryState isPending={conversion.isPending} error={conversion.error} onRetry={() => void conversion.refetch()}>
          {conversion.data && <Wizard conversion={conversion.data} />}
        </QueryState>
      )}
    </Stack>
  );
}

function InstructionsText() {
  const { t } = useTranslation('conversion');
  return (
    <Stack gap="xs">
      <Text>{t('instructions.p1')}</Text>
      <List>
        <List.Item>{t('instructions.li1')}</List.Item>
        <List.Item>{t('instructions.li2')}</List.Item>
        <List.Item>{t('instructions.li3')}</List.Item>
        <List.Item>{t('instructions.li4')}</List.Item>
      </List>
      <Alert color="orange" title={t('instructions.irreversibleTitle')}>
        {t('instructions.irreversible')}
      </Alert>
    </Stack>
  );
}

/** Step 1 before a conversion is open: reading the instructions and starting opens it for the caller. */
function Instructions({ orgId }: { orgId: string }) {
  const { t } = useTranslation('conversion');
  const problemText = useProblemText();
  const open = useOpenConversion(orgId);
  const setStep = useSetStep(orgId);
  const start = () => open.mutate(undefined, { onSuccess: (c) => setStep.mutate(c.counts.conflicts ? 'conflicts' : 'deactivations') });
  return (
    <Paper withBorder p="md">
      <Stack>
        <InstructionsText />
        {open.error != null && (
          <Alert color="red" role="alert">
            {problemText(open.error)}
            {isApiError(open.error) && open.error.code === 'conversion_in_progress' && (open.error.body.conversion as { orgId: string } | undefined) && (
              <Anchor component={Link} to={`/orgs/${(open.error.body.conversion as { orgId: string }).orgId}/convert`} ml="xs">
                {t('wizard.openOther', { org: (open.error.body.conversion as { orgName: string }).orgName })}
              </Anchor>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={start} loading={open.isPending || setStep.isPending} data-testid="start-conversion">
            {t('wizard.next')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Wizard({ conversion }: { conversion: Conversion }) {
  const { t } = useTranslation('conversion');
  const me = useMe().data;
  const problemText = useProblemText();
  const setStep = useSetStep(conversion.orgId);
  const abandon = useAbandonConversion(conversion.orgId);
  const apply = useApplyConversion(conversion.orgId);
  const [orderMissing, setOrderMissing] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [confirmAbandon, setConfirmAbandon] = useState(false);

  if (conversion.status === 'applied') return <Done conversion={conversion} />;
  const abandonButton = (
    <Button variant="subtle" color="red" onClick={() => setConfirmAbandon(true)}>
      {t('wizard.abandon')}
    </Button>
  );
  const abandonModal = (
    <ConfirmModal
      opened={confirmAbandon}
      title={t('wizard.abandon')}
      confirmLabel={t('wizard.abandon')}
      color="red"
      loading={abandon.isPending}
      onConfirm={() => abandon.mutate(undefined, { onSuccess: () => setConfirmAbandon(false) })}
      onClose={() => setConfirmAbandon(false)}
    >
      <Text size="sm">{t('wizard.abandonConfirm')}</Text>
    </ConfirmModal>
  );
  if (me && conversion.openedBy.accountId !== me.account.id) {
    return (
      <Alert color="orange" title={t('wizard.othersTitle')}>
        <Text size="sm">{t('wizard.others', { name: conversion.openedBy.name })}</Text>
        {abandonButton}
        {abandonModal}
      </Alert>
    );
  }
  // Without conflicts the wizard goes straight from the instructions to the deactivations (seed 000: 3b).
  const steps = WIZARD_STEPS.filter((s) => s !== 'conflicts' || conversion.counts.conflicts > 0);
  const index = Math.max(0, steps.indexOf(conversion.step));
  const step = steps[index] as WizardStep;
  const go = (to: WizardStep | undefined) => to && setStep.mutate(to);
  const shortfall = conversion.seats.some((s) => s.short > 0);
  const nextDisabled = (step === 'conflicts' && conversion.counts.openConflicts > 0) || (step === 'summary' && shortfall && !orderMissing);
  const outdated = isApiError(apply.error) && apply.error.code === 'plan_outdated';

  return (
    <Stack gap="md">
      <Stepper active={index} size="sm" allowNextStepsSelect={false}>
        {steps.map((s) => (
          <Stepper.Step key={s} label={t(`steps.${s}`)} />
        ))}
      </Stepper>
      <Paper withBorder p="md" data-testid={`step-${step}`}>
        {step === 'instructions' && <InstructionsText />}
        {step === 'conflicts' && <ConflictsStep conversion={conversion} />}
        {step === 'deactivations' && <DeactivationsStep conversion={conversion} />}
        {step === 'summary' && <SummaryStep conversion={conversion} orderMissing={orderMissing} onOrderMissing={setOrderMissing} />}
        {step === 'confirm' && (
          <Stack gap="sm">
            <Text>{t('confirm.intro', { org: conversion.orgName })}</Text>
            <List>
              <List.Item>{t('confirm.users', { count: conversion.counts.byType.employee + conversion.counts.byType.no_access })}</List.Item>
              <List.Item>{t('confirm.persons', { count: conversion.counts.byType.person })}</List.Item>
              <List.Item>{t('confirm.deactivated', { count: conversion.counts.deactivations })}</List.Item>
              {orderMissing && shortfall && <List.Item>{t('confirm.order')}</List.Item>}
            </List>
            <Alert color="orange">{t('summary.irreversible')}</Alert>
            <Checkbox
              label={t('confirm.understand')}
              checked={understood}
              onChange={(e) => setUnderstood(e.currentTarget.checked)}
              data-testid="confirm-understand"
            />
            {outdated ? (
              <Alert color="red" title={t('confirm.outdatedTitle')} role="alert" data-testid="plan-outdated">
                <Text size="sm">{problemText(apply.error)}</Text>
                <Button
                  mt="sm"
                  size="xs"
                  variant="light"
                  onClick={() => {
                    apply.reset();
                    setUnderstood(false);
                    go('summary');
                  }}
                >
                  {t('confirm.review')}
                </Button>
              </Alert>
            ) : (
              apply.error != null && (
                <Alert color="red" role="alert">
                  {problemText(apply.error)}
                </Alert>
              )
            )}
          </Stack>
        )}
      </Paper>
      {setStep.error != null && (
        <Alert color="red" role="alert">
          {problemText(setStep.error)}
        </Alert>
      )}
      <Group justify="space-between">
        {abandonButton}
        <Group>
          <Button variant="default" disabled={index === 0} onClick={() => go(steps[index - 1])}>
            {t('wizard.back')}
          </Button>
          {step === 'confirm' ? (
            <Button
              color="red"
              disabled={!understood || outdated}
              loading={apply.isPending}
              onClick={() => apply.mutate({ version: conversion.version, orderMissingSeats: orderMissing })}
              data-testid="apply-conversion"
            >
              {t('confirm.apply')}
            </Button>
          ) : (
            <Button disabled={nextDisabled} loading={setStep.isPending} onClick={() => go(steps[index + 1])} data-testid="wizard-next">
              {t('wizard.next')}
            </Button>
          )}
        </Group>
      </Group>
      {abandonModal}
    </Stack>
  );
}

function Done({ conversion }: { conversion: Conversion }) {
  const { t } = useTranslation('conversion');
  return (
    <Alert color="teal" title={t('done.title')} data-testid="conversion-done">
      <Text size="sm">{t('done.body', { org: conversion.orgName, count: conversion.counts.byType.employee + conversion.counts.byType.no_access })}</Text>
      <Anchor component={Link} to={`/orgs/${conversion.orgId}/users`}>
        {t('done.users')}
      </Anchor>
    </Alert>
  );
}

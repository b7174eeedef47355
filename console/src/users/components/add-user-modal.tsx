import { Alert, Box, Button, Group, Modal, Stack, Stepper, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useModules, usePackages } from '../../catalogue/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { licenseKeys } from '../../licenses/api';
import { SeatImpact } from '../../licenses/components/seat-impact';
import { SeatProblemList } from '../../licenses/components/seat-problem';
import { usePlaceableOffices } from '../../offices/hooks';
import type { Org } from '../../orgs/api';
import { isApiError } from '../../shared/api-error';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { EligibleReseller, Grant, UserType, UserView } from '../api';
import { allowedModuleKeys, allowedPackages } from '../grants';
import { useAccountLookup, useCreateUser, useEligibleResellers } from '../hooks';
import { AddUserDetailsStep, type LookupState } from './add-user-details';
import {
  DETAIL_FIELDS,
  EMPTY_DETAILS,
  resellerLabel,
  stepsFor,
  toCreateUserBody,
  validateDetails,
  type AddUserDetails,
  type DetailsErrorKey,
} from './add-user-state';
import { AddUserSummary } from './add-user-summary';
import { ModulesPicker } from './modules-picker';
import { PackagesPicker } from './packages-picker';

/** R-B1: the types whose members take license seats. */
const SEAT_TYPES: UserType[] = ['employee', 'external', 'reseller'];

interface AddUserModalProps {
  org: Org;
  /** The type chosen under "Add user"; null keeps the modal closed. */
  type: UserType | null;
  onClose: () => void;
  onAdded?: (user: UserView) => void;
  /** Where focus goes once the dialog has closed: the button that opened it (its menu item is gone by then). */
  opener?: RefObject<HTMLElement | null>;
}

/** "Add user" (R-C1…R-C5) as a stepper: details → packages → individual modules → invite. */
export function AddUserModal({ org, type, onClose, onAdded, opener }: AddUserModalProps) {
  const { t } = useTranslation('users');
  return (
    <Modal
      opened={type !== null}
      onClose={onClose}
      size="xl"
      title={type ? t('add.title', { type: t(`typeSection.${type}`) }) : ''}
      closeOnClickOutside={false}
      returnFocus={!opener}
      onExitTransitionEnd={() => opener?.current?.focus()}
    >
      {type && <AddUserStepper key={type} org={org} type={type} onClose={onClose} onAdded={onAdded} />}
    </Modal>
  );
}

function AddUserStepper({ org, type, onClose, onAdded }: { org: Org; type: UserType; onClose: () => void; onAdded?: (user: UserView) => void }) {
  const { t } = useTranslation(['users', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const steps = stepsFor(type);
  const [active, setActive] = useState(0);
  const [details, setDetails] = useState<AddUserDetails>(EMPTY_DETAILS);
  const [clientErrors, setClientErrors] = useState<Record<string, DetailsErrorKey>>({});
  const [lookupEmail, setLookupEmail] = useState<string | null>(null);
  const [packages, setPackages] = useState<string[]>([]);
  const [modules, setModules] = useState<Grant[]>([]);
  const [edited, setEdited] = useState<Set<string>>(new Set());

  const catalogueModules = useModules();
  const cataloguePackages = usePackages();
  const create = useCreateUser(org.id);

  // R-C3: a reseller user is picked among the agency's eligible employees, searched on the server; who is not
  // eligible is never offered, and who is already a user here is shown but cannot be picked.
  const resellerPick = type === 'reseller';
  const [resellerSearch, setResellerSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(resellerSearch, 250);
  const [picked, setPicked] = useState<EligibleReseller | null>(null);
  const resellerQuery = picked && debouncedSearch === resellerLabel(picked) ? '' : debouncedSearch.trim();
  const eligible = useEligibleResellers(org.id, resellerQuery, resellerPick && Boolean(org.agencyId));

  // R-C1: an e-mail of an existing account fills in and locks its names.
  const lookup = useAccountLookup(type === 'person' || resellerPick ? null : lookupEmail);
  const found = lookup.data?.found ? lookup.data.account : null;
  const pickedEmployee = picked && picked.email === details.email ? picked : null;
  const namesLocked = Boolean(found || pickedEmployee);
  // R-C16: the user is placed at an office of their home organisation: an existing account's home may be elsewhere
  // (a partner, or a reseller at home at the agency); a new account and a person are at home here.
  const placementHome = pickedEmployee
    ? { accountId: pickedEmployee.accountId, name: null }
    : found && found.homeOrg?.id !== org.id
      ? { accountId: found.id, name: found.homeOrg?.name ?? null }
      : null;
  const offices = usePlaceableOffices(org.id, placementHome?.accountId ?? null);
  const officeChoices = offices.data?.items ?? [];
  // An office chosen for another home (the e-mail changed) is not sent.
  const officeId = officeChoices.some((o) => o.id === details.officeId) ? details.officeId : '';
  const shownDetails: AddUserDetails = { ...(found ? { ...details, firstName: found.firstName, lastName: found.lastName } : details), officeId };
  const lookupState: LookupState = lookup.isFetching
    ? { status: 'loading' }
    : found
      ? { status: 'found', homeOrgName: found.homeOrg?.name ?? null }
      : lookup.data
        ? { status: 'notFound' }
        : { status: 'idle' };

  const allPackages = cataloguePackages.data?.items ?? [];
  const allModules = catalogueModules.data?.items ?? [];
  const packageChoices = allowedPackages(type, allPackages);
  const moduleKeys = allowedModuleKeys(type, allPackages);
  const moduleChoices = moduleKeys === null ? allModules : allModules.filter((m) => moduleKeys.has(m.key));
  // R-B1: the licensed modules the new user takes a seat of each, shown against the free seats as they are picked.
  const takesSeats = SEAT_TYPES.includes(type) && !(type === 'external' && details.validUntil && details.validUntil < new Date().toISOString().slice(0, 10));
  const licensed = new Set(allModules.filter((m) => m.licensed).map((m) => m.key));
  const seatModules = takesSeats
    ? [...new Set([...allPackages.filter((p) => packages.includes(p.key)).flatMap((p) => p.modules), ...modules.map((m) => m.key)])].filter((k) =>
        licensed.has(k),
      )
    : [];
  const queryClient = useQueryClient();

  // Server problems of the last attempt; a field's message goes away once it is edited.
  const serverFields = isApiError(create.error) ? fieldErrorsFrom(create.error) : {};
  if (isApiError(create.error) && ['not_eligible', 'already_member'].includes(create.error.code)) {
    serverFields.email = create.error.code === 'already_member' ? t('add.alreadyMember') : problemText(create.error);
  }
  const errorOf = (key: string): string | undefined => {
    const client = clientErrors[key];
    if (client) return t(`add.errors.${client}`);
    return edited.has(key) ? undefined : serverFields[key];
  };
  const grantError = (prefix: 'packages' | 'modules') =>
    edited.has(prefix) ? undefined : Object.entries(serverFields).find(([key]) => key === prefix || key.startsWith(`${prefix}.`))?.[1];

  /** A grant picker's change: the new keys, and its server error is no longer shown. */
  const changeGrants =
    <T,>(prefix: 'packages' | 'modules', set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setEdited((e) => new Set(e).add(prefix));
    };

  const change = (patch: Partial<AddUserDetails>) => {
    setDetails((d) => ({ ...d, ...patch }));
    setEdited((e) => new Set([...e, ...Object.keys(patch)]));
    setClientErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([key]) => !(key in patch))));
    if ('email' in patch) setLookupEmail(null);
  };

  const step = steps[active] ?? 'details';

  // Issue 14 item 15 (keyboard): the dialog opens on its first field; a step change moves focus to the new step's
  // heading (so a second Enter on "Next" cannot press the submit button that takes its place) and is announced.
  const stepBody = useRef<HTMLDivElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<number | null>(null);
  const ready = !catalogueModules.isPending && !cataloguePackages.isPending;
  useEffect(() => {
    if (!ready) return;
    const first = shownStep.current === null;
    shownStep.current = active;
    // After the modal's focus trap, which focuses on the next tick.
    const timer = setTimeout(() => {
      if (first) stepBody.current?.querySelector<HTMLElement>('input:not([type=hidden]):not([readonly]), textarea, select')?.focus();
      else stepHeading.current?.focus();
    }, 20);
    return () => clearTimeout(timer);
  }, [active, ready]);

  const next = () => {
    if (step === 'details') {
      const errors = validateDetails(type, shownDetails, namesLocked);
      setClientErrors(errors);
      if (Object.keys(errors).length) return;
    }
    setActive((a) => Math.min(a + 1, steps.length - 1));
  };

  const submit = () => {
    setEdited(new Set());
    create.mutate(toCreateUserBody(type, shownDetails, namesLocked, packages, modules), {
      onSuccess: (user) => {
        // New accounts are invited; existing ones and persons without user are simply added (R-C2).
        notifySuccess(t(user.status === 'invited' ? 'add.invited' : 'add.added', { name: `${user.firstName} ${user.lastName}` }));
        onAdded?.(user);
        onClose();
      },
      onError: (error) => {
        if (!isApiError(error)) return;
        // Somebody else took the seats meanwhile: show the seats as they are now, with the way to order more.
        if (error.code === 'license_limit_reached') void queryClient.invalidateQueries({ queryKey: licenseKeys.seats(org.id) });
        const fields = Object.keys(fieldErrorsFrom(error));
        const detailsProblem = fields.some((f) => (DETAIL_FIELDS as readonly string[]).includes(f)) || ['not_eligible', 'already_member'].includes(error.code);
        if (detailsProblem) setActive(0);
        else if (fields.some((f) => f.startsWith('packages'))) setActive(steps.indexOf('packages'));
        else if (fields.some((f) => f.startsWith('modules'))) setActive(steps.indexOf('modules'));
      },
    });
  };

  const summaryError = create.error && step === 'summary';

  return (
    <QueryState isPending={catalogueModules.isPending || cataloguePackages.isPending} error={catalogueModules.error ?? cataloguePackages.error}>
      <Stack>
        <Stepper active={active} onStepClick={(i) => i < active && setActive(i)} size="sm" allowNextStepsSelect={false}>
          {steps.map((s) => (
            <Stepper.Step key={s} label={t(`add.steps.${s}`)} />
          ))}
        </Stepper>

        <Title order={2} size="h4" ref={stepHeading} tabIndex={-1} data-testid="add-user-step-heading">
          {t(`add.steps.${step}`)}
        </Title>
        <VisuallyHidden role="status" aria-live="polite" data-testid="add-user-step-announcement">
          {t('add.stepAnnouncement', { n: active + 1, total: steps.length, step: t(`add.steps.${step}`) })}
        </VisuallyHidden>
        <Box ref={stepBody} display="contents">
          {step === 'details' && (
            <AddUserDetailsStep
              type={type}
              values={shownDetails}
              onChange={change}
              onEmailBlur={() => setLookupEmail(details.email.trim() || null)}
              lookup={lookupState}
              namesLocked={namesLocked}
              errors={Object.fromEntries(
                ['email', 'firstName', 'lastName', 'phone', 'jobTitle', 'validFrom', 'validUntil', 'resellerRole', 'officeId'].map((k) => [k, errorOf(k)]),
              )}
              reseller={
                resellerPick
                  ? {
                      noAgency: !org.agencyId,
                      options: eligible.data?.items ?? [],
                      loading: eligible.isFetching,
                      search: resellerSearch,
                      onSearch: setResellerSearch,
                      picked,
                      onPick: (p) => {
                        setPicked(p);
                        change({ email: p?.email ?? '', firstName: p?.firstName ?? '', lastName: p?.lastName ?? '' });
                      },
                    }
                  : null
              }
              offices={officeChoices}
              officesHome={placementHome?.name ?? null}
            />
          )}
          {step === 'packages' && (
            <PackagesPicker
              packages={packageChoices}
              modules={allModules}
              value={packages}
              onChange={changeGrants('packages', setPackages)}
              error={grantError('packages')}
            />
          )}
          {step === 'modules' && (
            <>
              {type === 'reseller' && (
                <Text size="sm" c="dimmed">
                  {t('add.resellerModulesHint')}
                </Text>
              )}
              <ModulesPicker
                modules={moduleChoices}
                packages={allPackages}
                chosenPackages={packages}
                value={modules}
                onChange={changeGrants('modules', setModules)}
                error={grantError('modules')}
              />
            </>
          )}
          {step === 'summary' && (
            <>
              <AddUserSummary
                type={type}
                details={shownDetails}
                officeName={officeChoices.find((o) => o.id === officeId)?.name ?? null}
                existing={namesLocked}
                packages={allPackages.filter((p) => packages.includes(p.key))}
                modules={modules}
                allModules={allModules}
              />
              {summaryError && (
                <Alert color="red" role="alert" title={t('add.failed')} data-testid="add-user-error">
                  <Text size="sm">{problemText(create.error)}</Text>
                  <SeatProblemList error={create.error} />
                </Alert>
              )}
            </>
          )}
          {step !== 'details' && (
            <SeatImpact
              orgId={org.id}
              modules={seatModules}
              // Licenses ordered after a refusal: the same user, as typed, is added at once.
              onOrdered={() => {
                if (isApiError(create.error) && create.error.code === 'license_limit_reached') submit();
              }}
            />
          )}
        </Box>

        <Group justify="space-between" mt="md">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Group gap="xs">
            {active > 0 && (
              <Button variant="default" onClick={() => setActive((a) => a - 1)}>
                {t('add.back')}
              </Button>
            )}
            {step === 'summary' ? (
              // Own keys: the submit button is a new element, never the focused "Next" re-labelled, so an Enter
              // meant for "Next" cannot submit before the summary was shown (issue 14 item 15).
              <Button key="submit" onClick={submit} loading={create.isPending} data-testid="add-user-submit">
                {type === 'person' ? t('add.submitPerson') : t('add.submit')}
              </Button>
            ) : (
              <Button key="next" onClick={next} disabled={step === 'details' && resellerPick && !org.agencyId}>
                {t('add.next')}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </QueryState>
  );
}

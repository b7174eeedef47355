import { Alert, Button, Checkbox, Group, List, Modal, MultiSelect, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useModuleKeyName, usePackages } from '../../catalogue/hooks';
import { useFormatters } from '../../shared/format';
import { notifySuccess } from '../../shared/notify';
import { useNotifyProblem } from '../../users/notify-problem';
import { ACCESS_JOB_OPERATIONS, type AccessJobBody, type AccessJobOperation, type AccessPreview } from '../api';
import { useConsultants, usePreviewAccessJob, useStartAccessJob } from '../hooks';

type Step = 'operation' | 'details' | 'preview';

/**
 * "Manage access" (seed 004, R-H1, R-H5): pick an operation, then consultants (and programs of the agency package, all
 * preselected for a grant), then — for a grant — the preview with the seats each module needs and the short clients,
 * ordering the missing seats where the administrator may; Save queues the job and opens its page.
 */
export function ManageAccessDialog({ agencyId, clientIds, onClose }: { agencyId: string; clientIds: string[]; onClose: () => void }) {
  const { t } = useTranslation('accessJobs');
  const { number } = useFormatters();
  const moduleName = useModuleKeyName();
  const navigate = useNavigate();
  const notifyProblem = useNotifyProblem();
  const [step, setStep] = useState<Step>('operation');
  const [operation, setOperation] = useState<AccessJobOperation>('grant');
  const [consultantIds, setConsultantIds] = useState<string[]>([]);
  const agencyModules = usePackages().data?.items.find((p) => p.key === 'agency')?.modules ?? [];
  const [modules, setModules] = useState<string[] | null>(null);
  const chosenModules = modules ?? (operation === 'grant' ? agencyModules : []);
  const [orderMissing, setOrderMissing] = useState(false);
  const [triedNext, setTriedNext] = useState(false);
  const consultants = useConsultants(agencyId);
  const preview = usePreviewAccessJob(agencyId);
  const start = useStartAccessJob(agencyId);

  const needsModules = operation !== 'revoke_clients';
  const body = (): AccessJobBody => ({
    operation,
    clientIds,
    consultantIds,
    ...(needsModules ? { modules: chosenModules } : {}),
    ...(operation === 'grant' && orderMissing ? { orderMissingSeats: true } : {}),
  });
  const detailsValid = consultantIds.length > 0 && (!needsModules || chosenModules.length > 0);

  const save = () =>
    start.mutate(body(), {
      onSuccess: ({ id }) => {
        notifySuccess(t('dialog.started'));
        onClose();
        navigate(`/orgs/${agencyId}/access-jobs/${id}`);
      },
      onError: (err) => notifyProblem(err),
    });
  const next = () => {
    setTriedNext(true);
    if (!detailsValid) return;
    if (operation !== 'grant') return save();
    preview.mutate(body(), { onSuccess: () => setStep('preview'), onError: (err) => notifyProblem(err) });
  };

  return (
    <Modal opened onClose={onClose} title={t('dialog.title')} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('dialog.clientsSelected', { count: clientIds.length, formatted: number(clientIds.length) })}
        </Text>
        {step === 'operation' && (
          <>
            <Radio.Group
              label={t('dialog.chooseOperation')}
              value={operation}
              onChange={(v) => {
                setOperation(v as AccessJobOperation);
                setModules(null);
              }}
            >
              <Stack gap="xs" mt="xs">
                {ACCESS_JOB_OPERATIONS.map((op) => (
                  <Radio key={op} value={op} label={t(`dialog.operation.${op}`)} data-autofocus={op === operation || undefined} />
                ))}
              </Stack>
            </Radio.Group>
            <Group justify="flex-end">
              <Button onClick={() => setStep('details')}>{t('dialog.next')}</Button>
            </Group>
          </>
        )}
        {step === 'details' && (
          <>
            <Text fw={600}>{t(`dialog.operation.${operation}`)}</Text>
            <MultiSelect
              label={t('dialog.consultants')}
              description={t('dialog.consultantsHint')}
              searchable
              data={(consultants.data ?? []).map((u) => ({ value: u.accountId!, label: `${u.firstName} ${u.lastName}` }))}
              value={consultantIds}
              onChange={setConsultantIds}
              error={triedNext && consultantIds.length === 0 ? t('dialog.consultantsRequired') : undefined}
            />
            {needsModules && (
              <Checkbox.Group
                label={t('dialog.programs')}
                description={operation === 'grant' ? t('dialog.programsHint') : t('dialog.programsRemoveHint')}
                value={chosenModules}
                onChange={setModules}
                error={triedNext && chosenModules.length === 0 ? t('dialog.programsRequired') : undefined}
              >
                <Group mt="xs">
                  {agencyModules.map((m) => (
                    <Checkbox key={m} value={m} label={moduleName(m)} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep('operation')}>
                {t('dialog.back')}
              </Button>
              <Button onClick={next} loading={preview.isPending || start.isPending}>
                {operation === 'grant' ? t('dialog.next') : t('dialog.save')}
              </Button>
            </Group>
          </>
        )}
        {step === 'preview' && preview.data && (
          <>
            <PreviewView preview={preview.data} orderMissing={orderMissing} onOrderMissing={setOrderMissing} />
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep('details')}>
                {t('dialog.back')}
              </Button>
              <Button onClick={save} loading={start.isPending}>
                {t('dialog.save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** R-H5: items, denials, per module the seats needed and the clients whose pools are short. */
function PreviewView({ preview, orderMissing, onOrderMissing }: { preview: AccessPreview; orderMissing: boolean; onOrderMissing: (on: boolean) => void }) {
  const { t } = useTranslation('accessJobs');
  const { number } = useFormatters();
  const moduleName = useModuleKeyName();
  const short = preview.modules.flatMap((m) => m.shortClients.map((c) => ({ ...c, module: m.module })));
  const mayOrderSome = short.some((c) => c.mayOrder);
  return (
    <Stack gap="sm" data-testid="access-preview">
      <Text fw={600}>{t('dialog.preview')}</Text>
      <Text>{t('dialog.previewItems', { count: preview.items, formatted: number(preview.items) })}</Text>
      {preview.denied > 0 && (
        <Alert color="yellow" title={t('dialog.previewDenied', { count: preview.denied, formatted: number(preview.denied) })}>
          <List size="sm">
            {Object.entries(preview.deniedReasons).map(([reason, n]) => (
              <List.Item key={reason}>
                {t(`job.reason.${reason}`, { defaultValue: reason })}: {number(n)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.failed > 0 && <Text size="sm">{t('dialog.previewFailed', { count: preview.failed, formatted: number(preview.failed) })}</Text>}
      <List size="sm">
        {preview.modules.map((m) => (
          <List.Item key={m.module}>{t('dialog.seatsNeeded', { module: moduleName(m.module), needed: number(m.needed) })}</List.Item>
        ))}
      </List>
      {short.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dialog.noShort')}
        </Text>
      ) : (
        <Alert color="orange" title={t('dialog.runAnyway')}>
          <List size="sm">
            {short.map((c) => (
              <List.Item key={`${c.clientId}:${c.module}`}>
                {moduleName(c.module)} — {t('dialog.short', { client: c.clientName, seats: number(c.seats), inUse: number(c.inUse), needed: number(c.needed) })}
                {!c.mayOrder && ` (${t('dialog.mayNotOrder', { client: c.clientName })})`}
              </List.Item>
            ))}
          </List>
          {mayOrderSome && (
            <Checkbox mt="sm" label={t('dialog.orderMissing')} checked={orderMissing} onChange={(e) => onOrderMissing(e.currentTarget.checked)} />
          )}
        </Alert>
      )}
    </Stack>
  );
}

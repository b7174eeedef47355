import { Alert, Checkbox, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { SCOPE_OF_KIND, type RoleTabsUser, type TargetKind } from '../api';
import { useAssignRoles, useEveryTarget, useRoleName, useRoles } from '../hooks';
import { FormButtons } from '../../shared/components/form-buttons';

interface AttachTargetsModalProps {
  kind: TargetKind;
  orgId: string;
  user: RoleTabsUser;
  opened: boolean;
  onClose: () => void;
}

/** R-E2: one or more projects (sites) and one or more roles of that level, saved in one action. */
export function AttachTargetsModal({ kind, orgId, user, opened, onClose }: AttachTargetsModalProps) {
  const { t } = useTranslation(['roles', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const roleName = useRoleName();
  const scope = SCOPE_OF_KIND[kind];
  const targets = useEveryTarget(kind, orgId);
  const roles = useRoles();
  const assign = useAssignRoles(orgId, user.id);
  const [targetIds, setTargetIds] = useState<string[]>([]);
  const [roleKeys, setRoleKeys] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [missing, setMissing] = useState<{ targets?: boolean; roles?: boolean }>({});
  const fields = isApiError(assign.error) ? fieldErrorsFrom(assign.error) : {};
  const resetAssign = assign.reset;

  useEffect(() => {
    if (!opened) return;
    setTargetIds([]);
    setRoleKeys([]);
    setTitle('');
    setMissing({});
    resetAssign();
  }, [opened, resetAssign]);

  const options = (targets.data ?? []).filter((target) => !target.archived).map((target) => ({ value: target.id, label: target.name }));
  const scopeRoles = (roles.data?.items ?? []).filter((r) => r.scope === scope);
  const fieldError = (prefix: string) => Object.entries(fields).find(([key]) => key === prefix || key.startsWith(`${prefix}.`))?.[1];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nextMissing = { targets: targetIds.length === 0, roles: roleKeys.length === 0 };
    setMissing(nextMissing);
    if (nextMissing.targets || nextMissing.roles) return;
    assign.mutate(
      { scope, targetIds, roles: roleKeys, ...(scope === 'project' && title.trim() ? { title: title.trim() } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t(`${kind}.attached`, { count: targetIds.length }));
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t(`${kind}.attachTitle`)} size="lg">
      <form onSubmit={submit} noValidate aria-label={t(`${kind}.attachTitle`)}>
        <Stack>
          {assign.error != null && Object.keys(fields).length === 0 && (
            <Alert color="red" role="alert">
              {problemText(assign.error)}
            </Alert>
          )}
          <MultiSelect
            label={t(`${kind}.pick`)}
            placeholder={t(`${kind}.pickPlaceholder`)}
            data={options}
            value={targetIds}
            onChange={(value) => {
              setTargetIds(value);
              setMissing((m) => ({ ...m, targets: false }));
            }}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={targets.isPending ? t('common:loading') : t(`${kind}.noneToPick`)}
            data-autofocus
            error={missing.targets ? t('attach.pickTargets') : fieldError('targetIds')}
            comboboxProps={{ withinPortal: true }}
            data-testid="attach-targets"
          />
          <Checkbox.Group
            label={t('attach.roles')}
            value={roleKeys}
            onChange={(value) => {
              setRoleKeys(value);
              setMissing((m) => ({ ...m, roles: false }));
            }}
            error={missing.roles ? t('attach.pickRoles') : fieldError('roles')}
          >
            <Stack gap="xs" mt="xs">
              {scopeRoles.map((role) => (
                <Checkbox key={role.key} value={role.key} label={roleName(role)} />
              ))}
            </Stack>
          </Checkbox.Group>
          {scope === 'project' && (
            <TextInput
              label={t('projects.titleField')}
              description={t('projects.titleHint')}
              placeholder={user.jobTitle ?? ''}
              value={title}
              maxLength={100}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldError('title')}
            />
          )}
          <FormButtons justify="flex-end" cancel={t('common:actions.cancel')} onCancel={onClose} submit={t('common:actions.save')} pending={assign.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

import { ActionIcon, Group, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { useSetProjectTitle } from '../hooks';
import { CheckIcon, CrossIcon, PencilIcon } from './edit-icons';

interface ProjectTitleCellProps {
  orgId: string;
  membershipId: string;
  projectId: string;
  projectName: string;
  title: string | null;
  editable: boolean;
}

/** R-C14: the member's title on one project, edited in place (Enter saves, Escape cancels). */
export function ProjectTitleCell({ orgId, membershipId, projectId, projectName, title, editable }: ProjectTitleCellProps) {
  const { t } = useTranslation(['roles', 'common']);
  const problemText = useProblemText();
  const save = useSetProjectTitle(orgId, membershipId);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title ?? '');

  if (!editing) {
    return (
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c={title ? undefined : 'dimmed'}>
          {title || t('projects.noTitle')}
        </Text>
        {editable && (
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={t('projects.editTitleOf', { name: projectName })}
            onClick={() => {
              setValue(title ?? '');
              setEditing(true);
            }}
          >
            <PencilIcon />
          </ActionIcon>
        )}
      </Group>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = value.trim() || null;
    if (next === title) {
      setEditing(false);
      return;
    }
    save.mutate(
      { targetId: projectId, title: next },
      {
        onSuccess: () => {
          notifySuccess(t('projects.titleSaved', { name: projectName }));
          setEditing(false);
        },
        onError: (error) => notifyError(problemText(error)),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          autoFocus
          aria-label={t('projects.titleOf', { name: projectName })}
          value={value}
          maxLength={100}
          disabled={save.isPending}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setEditing(false);
            }
          }}
        />
        <ActionIcon type="submit" size="md" variant="light" loading={save.isPending} aria-label={t('common:actions.save')}>
          <CheckIcon />
        </ActionIcon>
        <ActionIcon size="md" variant="subtle" color="gray" aria-label={t('common:actions.cancel')} onClick={() => setEditing(false)}>
          <CrossIcon />
        </ActionIcon>
      </Group>
    </form>
  );
}

import { Paper, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { useOrgMfaPolicy, useSetOrgMfaPolicy } from '../hooks';

/** An organisation administrator requires two-step verification of the organisation's members. */
export function OrgMfaPolicy({ orgId, canChange }: { orgId: string; canChange: boolean }) {
  const { t } = useTranslation('security');
  const problemText = useProblemText();
  const policy = useOrgMfaPolicy(orgId);
  const change = useSetOrgMfaPolicy(orgId);
  if (!policy.data) return null;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Switch
          label={t('org.require')}
          checked={policy.data.required}
          disabled={!canChange || change.isPending}
          onChange={(e) => change.mutate(e.currentTarget.checked, { onError: (error) => notifyError(problemText(error)) })}
          data-testid="org-require-mfa"
        />
        <Text size="sm" c="dimmed">
          {t('org.hint')}
        </Text>
      </Stack>
    </Paper>
  );
}

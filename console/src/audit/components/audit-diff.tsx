import { Code, Group, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldText } from '../hooks';
import { diffStates, type DiffKind } from '../json-diff';

const COLORS: Record<DiffKind, string | undefined> = {
  added: 'var(--mantine-color-green-light)',
  removed: 'var(--mantine-color-red-light)',
  changed: 'var(--mantine-color-yellow-light)',
  unchanged: undefined,
};

/** Before/after of one audit event: changed fields first, the raw JSON on request. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const [showAll, setShowAll] = useState(false);
  const [raw, setRaw] = useState(false);
  const field = useFieldText();
  const lines = diffStates(before ?? null, after ?? null);
  const visible = showAll ? lines : lines.filter((l) => l.kind !== 'unchanged');

  return (
    <Stack gap="xs" data-testid="audit-diff">
      <Group gap="lg">
        <Switch size="xs" label={t('diff.showUnchanged')} checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
        <Switch size="xs" label={t('diff.showRaw')} checked={raw} onChange={(e) => setRaw(e.currentTarget.checked)} />
      </Group>
      {raw ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <div>
            <Text size="xs" fw={700}>
              {t('diff.before')}
            </Text>
            <Code block>{JSON.stringify(before ?? null, null, 2)}</Code>
          </div>
          <div>
            <Text size="xs" fw={700}>
              {t('diff.after')}
            </Text>
            <Code block>{JSON.stringify(after ?? null, null, 2)}</Code>
          </div>
        </SimpleGrid>
      ) : visible.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('diff.noChanges')}
        </Text>
      ) : (
        <Table withTableBorder withColumnBorders fz="sm" layout="fixed" aria-label={t('diff.summary')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="25%">{t('diff.field')}</Table.Th>
              <Table.Th>{t('diff.before')}</Table.Th>
              <Table.Th>{t('diff.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((line) => (
              <Table.Tr key={line.path} style={{ background: COLORS[line.kind] }}>
                <Table.Td>
                  {field.label(line.path)}
                  {line.kind !== 'unchanged' && (
                    <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {' '}
                      · {t(`diff.kind.${line.kind}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-word', textDecoration: line.kind === 'changed' || line.kind === 'removed' ? 'line-through' : undefined }}>
                  {line.kind === 'added' ? '' : field.value(line.path, line.before)}
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{line.kind === 'removed' ? '' : field.value(line.path, line.after)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

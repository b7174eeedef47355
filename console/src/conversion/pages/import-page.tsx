import { Alert, Anchor, Breadcrumbs, Button, FileInput, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../../shared/api-error';
import { useFieldErrorText, useProblemText } from '../../shared/problem-text';
import type { LegacyImport } from '../api';
import { useImportLegacy } from '../hooks';

/** What the console read from the file, before anything is sent. */
function summaryOf(data: LegacyImport) {
  return {
    persons: data.persons?.length ?? 0,
    logins: data.logins?.length ?? 0,
    integrations: (data.logins ?? []).filter((l) => l.kind === 'integration').length,
    licenses: Object.entries(data.licenses ?? {}),
  };
}

/** R-I1: an operator imports a legacy customer's export (JSON); a malformed file is refused whole with every problem. */
export function ImportPage() {
  const { t } = useTranslation(['conversion', 'orgs', 'common']);
  const problemText = useProblemText();
  const fieldText = useFieldErrorText();
  const navigate = useNavigate();
  const importLegacy = useImportLegacy();
  const [data, setData] = useState<LegacyImport | null>(null);
  const [readError, setReadError] = useState(false);

  const read = async (file: File | null) => {
    importLegacy.reset();
    setData(null);
    setReadError(false);
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as LegacyImport;
      if (!parsed || typeof parsed !== 'object' || !parsed.org) throw new Error('shape');
      setData(parsed);
    } catch {
      setReadError(true);
    }
  };
  const s = data && summaryOf(data);

  return (
    <Stack gap="md" maw={880}>
      <Breadcrumbs>
        <Anchor component={Link} to="/orgs">
          {t('orgs:list.title')}
        </Anchor>
        <span>{t('import.title')}</span>
      </Breadcrumbs>
      <Title order={1} size="h2">
        {t('import.title')}
      </Title>
      <Text>{t('import.intro')}</Text>
      <FileInput label={t('import.file')} accept="application/json,.json" onChange={(f) => void read(f)} clearable data-testid="legacy-file" />
      {readError && (
        <Alert color="red" role="alert">
          {t('import.notJson')}
        </Alert>
      )}
      {data && s && (
        <Paper withBorder p="md" data-testid="import-preview">
          <Stack gap="xs">
            <Title order={4}>{t('import.read')}</Title>
            <Text>{t('import.orgLine', { name: data.org.name, country: data.org.country, businessId: data.org.businessId })}</Text>
            <Text>{t('import.counts', { persons: s.persons, logins: s.logins, integrations: s.integrations })}</Text>
            {s.licenses.length > 0 && (
              <Table withTableBorder maw={360}>
                <Table.Tbody>
                  {s.licenses.map(([module, seats]) => (
                    <Table.Tr key={module}>
                      <Table.Td>{t(`common:modules.${module}`, { defaultValue: module })}</Table.Td>
                      <Table.Td>{seats}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Button
              mt="sm"
              loading={importLegacy.isPending}
              onClick={() => importLegacy.mutate(data, { onSuccess: (r) => navigate(`/orgs/${r.org.id}`) })}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('import.submit')}
            </Button>
          </Stack>
        </Paper>
      )}
      {importLegacy.error != null && (
        <Alert color="red" title={t('import.refused')} role="alert" data-testid="import-problems">
          <Text size="sm">{problemText(importLegacy.error)}</Text>
          {isApiError(importLegacy.error) && importLegacy.error.errors.length > 0 && (
            <List size="sm" mt="xs">
              {importLegacy.error.errors.map((e) => (
                <List.Item key={`${e.path}-${e.code}`}>
                  <code>{e.path}</code>: {fieldText(e)}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}

import { Alert, Group, Loader, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import { loginPathFor } from '../../auth/next-path';
import { PagedList } from '../../shared/components/cursor-pager';
import { useConfig } from '../../shared/config';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { Mail } from '../api';
import { MailTable } from '../components/mail-table';
import { MailViewer } from '../components/mail-viewer';
import { useOutbox, useRetryMail } from '../hooks';

const PAGE_SIZE = 25;

/** Mail outbox and, while the dev mailbox is on, the place to read unsent mail: platform operators only. */
export function MailPage() {
  const { t } = useTranslation(['mail', 'common', 'security']);
  const me = useMe();
  const config = useConfig();
  const devMailbox = Boolean(config.data?.devMailbox);
  // Mail holds reset and invitation links: operators only, signed in, in every mode (the server decides the same).
  const allowed = Boolean(me.data?.operator);
  const pages = useCursorPages();
  const outbox = useOutbox(pages.cursor, PAGE_SIZE, allowed && !me.isPending && !config.isPending);
  const retry = useRetryMail();
  const problemText = useProblemText();
  const [openId, setOpenId] = useState<string | null>(null);

  if (me.isPending || config.isPending) return <Loader role="status" aria-label={t('common:loading')} />;
  if (!me.data) return <Navigate to={loginPathFor('/mail')} replace />;
  if (!allowed)
    return (
      <Alert color="yellow" data-testid="mail-operators-only">
        {t('security:mailOperatorsOnly')}
      </Alert>
    );

  const canRetry = Boolean(me.data?.operator);
  const mails = outbox.data?.items ?? [];
  const open: Mail | null = mails.find((m) => m.id === openId) ?? null;
  const onRetry = (mail: Mail) =>
    retry.mutate(mail.id, {
      onSuccess: () => notifySuccess(t('retried', { to: mail.to })),
      onError: (error) => notifyError(problemText(error), t('retryFailed')),
    });

  return (
    <Stack>
      <Group gap="sm">
        <Title order={1} size="h2">
          {devMailbox ? t('titleDev') : t('title')}
        </Title>
        {outbox.isFetching && !outbox.isPending && <Loader role="status" size="xs" aria-label={t('common:loading')} />}
      </Group>
      {devMailbox && (
        <Alert color="blue" variant="light">
          {t('devNotice')}
        </Alert>
      )}
      <PagedList query={outbox} pages={pages}>
        {(items) => (
          <MailTable
            mails={items}
            canRetry={canRetry}
            retryingId={retry.isPending ? (retry.variables ?? null) : null}
            onOpen={(mail) => setOpenId(mail.id)}
            onRetry={onRetry}
          />
        )}
      </PagedList>
      <MailViewer mail={open} canRetry={canRetry} retrying={retry.isPending} onRetry={onRetry} onClose={() => setOpenId(null)} />
    </Stack>
  );
}

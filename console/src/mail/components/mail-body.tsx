import { Anchor, Box, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mail } from '../api';
import { linkParts, mailDocument, MAIL_SANDBOX } from '../mail-document';

/** The mail as its recipient sees it: the HTML part in a sandboxed frame, or the text part. */
export function MailBody({ mail }: { mail: Mail }) {
  const { t } = useTranslation('mail');
  const [view, setView] = useState<'html' | 'text'>(mail.html ? 'html' : 'text');

  return (
    <Stack gap="xs">
      {mail.html && mail.text && (
        <SegmentedControl
          size="xs"
          aria-label={t('viewer.format')}
          value={view}
          onChange={(value) => setView(value as 'html' | 'text')}
          data={[
            { value: 'html', label: t('viewer.html') },
            { value: 'text', label: t('viewer.text') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      {view === 'html' && mail.html ? (
        <Box
          component="iframe"
          title={t('viewer.frameTitle', { subject: mail.subject })}
          sandbox={MAIL_SANDBOX}
          srcDoc={mailDocument(mail.html)}
          data-testid="mail-html"
          style={{ width: '100%', height: '60vh', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, background: 'white' }}
        />
      ) : (
        <Text
          component="pre"
          data-testid="mail-text"
          size="sm"
          p="md"
          bg="gray.0"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', borderRadius: 4, margin: 0 }}
        >
          {mail.text
            ? linkParts(mail.text).map((part, i) =>
                part.href ? (
                  <Anchor key={i} href={part.href}>
                    {part.text}
                  </Anchor>
                ) : (
                  <span key={i}>{part.text}</span>
                ),
              )
            : t('viewer.empty')}
        </Text>
      )}
    </Stack>
  );
}

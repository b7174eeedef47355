import { Box, Button, Menu, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from '../../auth/hooks';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../../i18n/languages';
import { GlobeIcon } from '../components/icons';
import { notifyError } from '../notify';
import { useProblemText } from '../problem-text';

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const problemText = useProblemText();
  const current = isLanguage(i18n.language) ? i18n.language : 'en';

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" leftSection={<GlobeIcon size={16} />}>
          {/* The name starts with what the button does and includes what it shows (WCAG 2.5.3 label in name). */}
          <VisuallyHidden>{t('language.menu')}: </VisuallyHidden>
          <Box component="span" visibleFrom="sm">
            {LANGUAGE_NAMES[current]}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            aria-current={language === current ? 'true' : undefined}
            fw={language === current ? 700 : undefined}
            onClick={() => changeLanguage.mutate(language, { onError: (error) => notifyError(problemText(error), t('language.saveFailed')) })}
          >
            {LANGUAGE_NAMES[language]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router-dom';
import { AccountLanguageSync } from './auth/components/account-language-sync';
import { queryClient } from './query-client';
import { router } from './router';
import { consoleTheme, cssVariablesResolver } from './theme';

export function App() {
  const { t } = useTranslation();
  const closeLabel = t('actions.close');
  const clearLabel = t('actions.clear');
  const theme = useMemo(() => consoleTheme(closeLabel, clearLabel), [closeLabel, clearLabel]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AccountLanguageSync />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

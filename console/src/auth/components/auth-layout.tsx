import { Anchor, Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { KeyIcon } from '../../shared/components/icons';
import { LanguageMenu } from '../../shared/layout/language-menu';

/** Frame of the signed-out pages: product name, language menu and one centred card. */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" px="md" py="sm">
        <Anchor component={Link} to="/login" underline="never" c="inherit">
          <Group gap={6} wrap="nowrap">
            <KeyIcon size={22} />
            <Text fw={800} size="xl">
              {t('productName')}
            </Text>
          </Group>
        </Anchor>
        <LanguageMenu />
      </Group>
      <Center px="md" pt="8vh">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
          <Stack>
            <Outlet />
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}

import { Box, Center, Group, Paper, Stack } from '@mantine/core';
import { Outlet } from 'react-router-dom';
import { LanguageMenu } from '../../shared/layout/language-menu';
import { ProductMark } from '../../shared/layout/product-mark';

/** Frame of the signed-out pages: product name, language menu and one centred card. */
export function AuthLayout() {
  return (
    <Box mih="100vh" bg="gray.0">
      <Group component="header" justify="space-between" px="md" py="sm">
        <ProductMark to="/login" />
        <LanguageMenu />
      </Group>
      <Center component="main" px="md" pt="8vh">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
          <Stack>
            <Outlet />
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}

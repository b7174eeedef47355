import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { KeyIcon } from '../components/icons';

/** The product's key and name in the header, linking to `to`. */
export function ProductMark({ to }: { to: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={to} underline="never" c="inherit">
      <Group gap={6} wrap="nowrap">
        <KeyIcon size={22} />
        <Text fw={800} size="xl">
          {t('productName')}
        </Text>
      </Group>
    </Anchor>
  );
}

import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../format';

interface CursorPagerProps {
  total: number | undefined;
  /** Zero-based page number, for "page N". */
  pageIndex: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  /** Translated "N things" text; defaults to "N in total". */
  totalLabel?: string;
}

export function CursorPager(props: CursorPagerProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { nextCursor } = props;
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed" data-testid="pager-total">
        {props.totalLabel ?? (props.total === undefined ? '' : t('pager.total', { total: format.number(props.total) }))}
      </Text>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('pager.page', { page: props.pageIndex + 1 })}
        </Text>
        <Button variant="default" size="xs" disabled={!props.hasPrevious} onClick={props.onPrevious}>
          {t('pager.previous')}
        </Button>
        <Button variant="default" size="xs" disabled={!nextCursor} onClick={() => nextCursor && props.onNext(nextCursor)}>
          {t('pager.next')}
        </Button>
      </Group>
    </Group>
  );
}

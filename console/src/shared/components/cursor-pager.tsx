import { Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../format';
import type { Page } from '../page';
import type { CursorPages } from '../use-cursor-pages';
import { QueryState } from './query-state';

/** Translated "N things" from the total and the total formatted for the UI language ("10,000+" when capped). */
type TotalLabel = (count: number, formatted: string) => string;

interface CursorPagerProps {
  pages: CursorPages;
  page: Page<unknown> | undefined;
  /** Defaults to "N in total". */
  totalLabel?: TotalLabel;
}

export function CursorPager({ pages, page, totalLabel }: CursorPagerProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const nextCursor = page?.nextCursor;
  const exact = page ? format.number(page.total) : '';
  const total = page?.totalKind === 'atLeast' ? t('pager.atLeast', { formatted: exact }) : exact;
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed" data-testid="pager-total">
        {page ? (totalLabel ? totalLabel(page.total, total) : t('pager.total', { total })) : ''}
      </Text>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('pager.page', { page: pages.pageIndex + 1 })}
        </Text>
        <Button variant="default" size="xs" disabled={!pages.hasPrevious} onClick={pages.previous}>
          {t('pager.previous')}
        </Button>
        <Button variant="default" size="xs" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
          {t('pager.next')}
        </Button>
      </Group>
    </Group>
  );
}

interface PagedListProps<T> {
  query: { data: Page<T> | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  pages: CursorPages;
  totalLabel?: TotalLabel;
  /** Renders the page's items (an empty list while none). */
  children: (items: T[]) => ReactNode;
}

/** A keyset-paged list: a loader or the problem until its page is there, then the items and the pager under them. */
export function PagedList<T>({ query, pages, totalLabel, children }: PagedListProps<T>) {
  return (
    <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
      {children(query.data?.items ?? [])}
      <CursorPager pages={pages} page={query.data} totalLabel={totalLabel} />
    </QueryState>
  );
}

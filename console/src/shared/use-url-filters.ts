import { useSearchParams } from 'react-router-dom';
import type { Sorting } from './components/data-table';
import type { SortOrder } from './components/sortable-th';
import { useCursorPages } from './use-cursor-pages';

interface SortedFilters {
  sort: string;
  order: SortOrder;
}

/**
 * A list whose filters and sort live in the URL, so it can be linked and reloaded: the filters read from the URL,
 * its keyset pages, `update` (back to the first page) and the sorting for its DataTable.
 */
export function useUrlFilters<F extends SortedFilters>(read: (params: URLSearchParams) => F, write: (filters: F) => URLSearchParams) {
  const [params, setParams] = useSearchParams();
  const filters = read(params);
  // Back/forward to other filters starts again at their first page.
  const pages = useCursorPages(params.toString());

  const update = (patch: Partial<F>) => {
    pages.reset();
    setParams(write({ ...filters, ...patch }), { replace: true });
  };
  const sorting: Sorting<F['sort']> = {
    sort: filters.sort,
    order: filters.order,
    onSort: (sort) => update({ sort, order: filters.sort === sort && filters.order === 'asc' ? 'desc' : 'asc' } as Partial<F>),
  };
  return { filters, pages, update, sorting };
}

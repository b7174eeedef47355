import { oneOf, ORG_KINDS, ORG_SORTS } from '../shared/enums';
import type { OrgKind, OrgListParams, OrgSort, SortOrder } from './api';

/** The organisation list's filters live in the URL, so a filtered list can be linked and reloaded. */
export interface OrgListFilters {
  q: string;
  kind: OrgKind | 'all';
  /** The clients of one agency (its client list). */
  agencyId: string;
  mustConvert: boolean;
  sort: OrgSort;
  order: SortOrder;
}

export function readFilters(params: URLSearchParams): OrgListFilters {
  return {
    q: params.get('q') ?? '',
    kind: oneOf(ORG_KINDS, params.get('kind')) ?? 'all',
    agencyId: /^[0-9a-f-]{36}$/i.test(params.get('agencyId') ?? '') ? params.get('agencyId')! : '',
    mustConvert: params.get('mustConvert') === 'true',
    sort: oneOf(ORG_SORTS, params.get('sort')) ?? 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

export function writeFilters(filters: OrgListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.kind !== 'all') params.set('kind', filters.kind);
  if (filters.agencyId) params.set('agencyId', filters.agencyId);
  if (filters.mustConvert) params.set('mustConvert', 'true');
  if (filters.sort !== 'name') params.set('sort', filters.sort);
  if (filters.order !== 'asc') params.set('order', filters.order);
  return params;
}

export function toQuery(filters: OrgListFilters, cursor: string | null, limit: number): OrgListParams {
  return {
    q: filters.q || undefined,
    kind: filters.kind === 'all' ? undefined : filters.kind,
    agencyId: filters.agencyId || undefined,
    mustConvert: filters.mustConvert || undefined,
    sort: filters.sort,
    order: filters.order,
    limit,
    cursor,
  };
}

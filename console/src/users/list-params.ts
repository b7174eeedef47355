import { USER_SORTS, USER_STATUSES, USER_TYPES, USER_VIEWS, type UserFilters, type UserListView, type UserSort, type UserStatus, type UserType } from './api';
import { oneOf } from '../shared/enums';

/** The per-column text filters (R-D2): prefix searches on the server. */
export const TEXT_FILTERS = ['firstName', 'lastName', 'email', 'organization', 'office'] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

const DEFAULT_SORT: UserSort = 'lastName';

/** The user list's filters and sort live in the URL, so a filtered list can be linked, reloaded and exported. */
export function readUserFilters(params: URLSearchParams): UserFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  return {
    view: oneOf<UserListView>(USER_VIEWS, params.get('view')) ?? 'all',
    type: oneOf<UserType>(USER_TYPES, params.get('type')),
    status: oneOf<UserStatus>(USER_STATUSES, params.get('status')),
    q: text('q'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    email: text('email'),
    organization: text('organization'),
    office: text('office'),
    sort: oneOf<UserSort>(USER_SORTS, params.get('sort')) ?? DEFAULT_SORT,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

export function writeUserFilters(filters: UserFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view !== 'all') params.set('view', filters.view);
  for (const key of ['type', 'status', 'q', ...TEXT_FILTERS] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.order !== 'asc') params.set('order', filters.order);
  return params;
}

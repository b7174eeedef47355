/**
 * The value lists the schemas build their zod enums from. The console imports this file as it is, so it stays
 * free of imports (no zod, no server code) and the browser bundle takes nothing else with it.
 */
export const LANGUAGES = ['en', 'sv', 'fi', 'nb'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

export const COUNTRIES = ['FI', 'SE', 'NO'] as const;
export const ORG_KINDS = ['agency', 'client'] as const;
export const PERMISSION_MODELS = ['legacy', 'current'] as const;
export const ORG_SORTS = ['name', 'country', 'businessId', 'kind', 'createdAt'] as const;

/** The five user types of seed 002, in the order the console lists them. */
export const USER_TYPES = ['reseller', 'employee', 'external', 'no_access', 'person'] as const;
/** The types a user can be changed between (PATCH). */
export const EDITABLE_USER_TYPES = ['employee', 'external', 'no_access'] as const;
export const USER_STATUSES = ['invited', 'active', 'inactive', 'expired'] as const;
export const USER_HOMES = ['own', 'partner'] as const;
export const USER_VIEWS = ['all', 'own', 'partner', 'inactive'] as const;
export const USER_SORTS = ['firstName', 'lastName', 'email', 'organization', 'type', 'status', 'createdAt'] as const;
export const RESELLER_ROLES = ['accountant', 'auditor'] as const;

export const TARGET_KINDS = ['projects', 'sites'] as const;
export const ROLE_SCOPES = ['org', 'project', 'site'] as const;
export const ARCHIVED_FILTERS = ['true', 'false', 'all'] as const;

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

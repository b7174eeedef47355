/**
 * The value lists the schemas build their zod enums from, each with the union of its members. The console imports
 * this file as it is, so it stays free of imports (no zod, no server code) and the browser bundle takes nothing else.
 */
export const LANGUAGES = ['en', 'sv', 'fi', 'nb'] as const;
export type Language = (typeof LANGUAGES)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const COUNTRIES = ['FI', 'SE', 'NO'] as const;
export type Country = (typeof COUNTRIES)[number];
export const ORG_KINDS = ['agency', 'client'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const PERMISSION_MODELS = ['legacy', 'current'] as const;
export type PermissionModel = (typeof PERMISSION_MODELS)[number];
export const ORG_SORTS = ['name', 'country', 'businessId', 'kind', 'createdAt'] as const;
export type OrgSort = (typeof ORG_SORTS)[number];

/** The five user types of seed 002, in the order the console lists them. */
export const USER_TYPES = ['reseller', 'employee', 'external', 'no_access', 'person'] as const;
export type UserType = (typeof USER_TYPES)[number];
/** The types a user can be changed between (PATCH). */
export const EDITABLE_USER_TYPES = ['employee', 'external', 'no_access'] as const;
export type EditableUserType = (typeof EDITABLE_USER_TYPES)[number];
export const USER_STATUSES = ['invited', 'active', 'inactive', 'expired'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const USER_HOMES = ['own', 'partner'] as const;
export type UserHome = (typeof USER_HOMES)[number];
export const USER_VIEWS = ['all', 'own', 'partner', 'inactive'] as const;
export type UserListView = (typeof USER_VIEWS)[number];
export const USER_SORTS = ['firstName', 'lastName', 'email', 'organization', 'type', 'status', 'office', 'createdAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const RESELLER_ROLES = ['accountant', 'auditor'] as const;
export type ResellerRole = (typeof RESELLER_ROLES)[number];

export const TARGET_KINDS = ['projects', 'sites'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const ROLE_SCOPES = ['org', 'project', 'site'] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];
export const ARCHIVED_FILTERS = ['true', 'false', 'all'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** What an in-app notification tells (R-K2, SPEC §4 Notification.kind) and what it is about (subject.type). */
export const NOTIFICATION_KINDS = ['access_job_finished', 'conversion_applied'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_SUBJECTS = ['access_job', 'org'] as const;

/** Agency bulk access (R-H1, R-H3, SPEC §4 AccessJob, JobResult). */
export const ACCESS_JOB_OPERATIONS = ['grant', 'revoke_clients', 'revoke_programs'] as const;
export type AccessJobOperation = (typeof ACCESS_JOB_OPERATIONS)[number];
export const ACCESS_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const ACCESS_JOB_OUTCOMES = ['granted', 'already_had', 'removed', 'not_present', 'denied', 'failed'] as const;
export type AccessJobOutcome = (typeof ACCESS_JOB_OUTCOMES)[number];

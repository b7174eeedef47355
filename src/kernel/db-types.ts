import type { ColumnType } from 'kysely';

/** Table types for Kysely. snake_case here; services map to the camelCase API shapes. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface ModulesTable {
  key: string;
  name: string;
  licensed: boolean;
  sort_order: number;
}
export interface PackagesTable {
  key: string;
  name: string;
  sort_order: number;
}
export interface PackageModulesTable {
  package_key: string;
  module_key: string;
}
export interface RolesTable {
  key: string;
  scope: 'org' | 'project' | 'site';
  name: string;
  sort_order: number;
}
export interface LegacyRightsTable {
  code: string;
  module_key: string;
}

export interface OrgsTable {
  id: string;
  name: string;
  kind: 'agency' | 'client';
  country: 'FI' | 'SE' | 'NO';
  business_id: string;
  default_language: 'en' | 'sv' | 'fi' | 'nb';
  agency_id: string | null;
  permission_model: ColumnType<'legacy' | 'current', 'legacy' | 'current' | undefined>;
  contract_owner_account_id: string | null;
  created_at: Timestamp;
  name_lower: ColumnType<string, never, never>;
  /** Issue 11: members must sign in with a second factor to open the organisation. */
  require_mfa: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AccountsTable {
  id: string;
  email: string;
  email_lower: ColumnType<string, never, never>;
  first_name: string;
  last_name: string;
  phone: string | null;
  language: 'en' | 'sv' | 'fi' | 'nb';
  home_org_id: string | null;
  password_hash: string | null;
  operator: ColumnType<boolean, boolean | undefined>;
  active: ColumnType<boolean, boolean | undefined>;
  login_valid_until: DateOnly | null;
  created_at: Timestamp;
  email_settings: ColumnType<EmailSettings, string | undefined, string>;
}

export interface EmailSettings {
  accessNotices: boolean;
  productNews: boolean;
}

export interface LicensePoolsTable {
  org_id: string;
  module_key: string;
  seats: number;
  in_use: ColumnType<number, number | undefined, number>;
}
export interface LicenseOrdersTable {
  org_id: string;
  id: string;
  at: Timestamp;
  by_account_id: string | null;
  by_name: string | null;
  changes: ColumnType<Record<string, { from: number; to: number }>, string, string>;
}
export interface MembershipRolesTable {
  org_id: string;
  membership_id: string;
  scope: 'org' | 'project' | 'site';
  target_id: string;
  role: string;
  title: string | null;
}

export interface PersonsTable {
  org_id: string;
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  created_at: Timestamp;
}

export type UserType = 'reseller' | 'employee' | 'external' | 'no_access' | 'person';
export type UserStatus = 'invited' | 'active' | 'inactive' | 'expired';

export interface MembershipsTable {
  org_id: string;
  id: string;
  person_id: string;
  account_id: string | null;
  type: UserType;
  status: UserStatus;
  reseller_role: 'accountant' | 'auditor' | null;
  valid_from: DateOnly | null;
  valid_until: DateOnly | null;
  created_at: Timestamp;
  first_name: ColumnType<string, string | undefined, string>;
  last_name: ColumnType<string, string | undefined, string>;
  email: ColumnType<string | null, string | null | undefined, string | null>;
  home: ColumnType<'own' | 'partner', 'own' | 'partner' | undefined, 'own' | 'partner'>;
  home_org_id: ColumnType<string | null, string | null | undefined, string | null>;
  home_org_name: ColumnType<string, string | undefined, string>;
  status_before_deactivation: ColumnType<
    'invited' | 'active' | 'expired' | null,
    'invited' | 'active' | 'expired' | null | undefined,
    'invited' | 'active' | 'expired' | null
  >;
  deactivated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  first_name_lower: ColumnType<string, never, never>;
  last_name_lower: ColumnType<string, never, never>;
  email_lower: ColumnType<string, never, never>;
  home_org_name_lower: ColumnType<string, never, never>;
  search_text: ColumnType<string, never, never>;
  /** R-C16: the office (of the home organisation) the member is placed at, and its name copied for the list. */
  office_id: ColumnType<string | null, string | null | undefined, string | null>;
  office_name: ColumnType<string, string | undefined, string>;
  office_name_lower: ColumnType<string, never, never>;
}
export interface OfficesTable {
  org_id: string;
  id: string;
  name: string;
  address: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
/** Issue 14 item 10: what a deleted membership was, restorable for 30 days (migration 0013). */
export interface DeletedMembershipsTable {
  org_id: string;
  id: string;
  person_id: string;
  account_id: string | null;
  first_name: string;
  last_name: string;
  email: string | null;
  type: UserType;
  status: UserStatus;
  home: 'own' | 'partner';
  home_org_name: string;
  membership: ColumnType<DeletedMembershipColumns, string, string>;
  grants: ColumnType<{ packages: string[]; modules: { key: string; admin: boolean }[] }, string, string>;
  roles: ColumnType<{ scope: 'org' | 'project' | 'site'; target_id: string; role: string; title: string | null }[], string, string>;
  deleted_at: ColumnType<Date, Date | undefined, never>;
  deleted_by_account_id: string | null;
  deleted_by_name: string | null;
}
export interface DeletedMembershipColumns {
  reseller_role: 'accountant' | 'auditor' | null;
  valid_from: string | null;
  valid_until: string | null;
  home_org_id: string | null;
  status_before_deactivation: 'invited' | 'active' | 'expired' | null;
  deactivated_at: string | null;
  created_at: string;
}
export interface MembershipPackagesTable {
  org_id: string;
  membership_id: string;
  package_key: string;
}
export interface MembershipModulesTable {
  org_id: string;
  membership_id: string;
  module_key: string;
  admin: ColumnType<boolean, boolean | undefined>;
}

export interface SessionsTable {
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  mfa_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export interface ApiTokensTable {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  mfa: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface AuthTokensTable {
  token_hash: string;
  account_id: string;
  purpose: 'invitation' | 'reset';
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  withdrawn_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditEventsTable {
  org_id: string;
  id: string;
  at: Timestamp;
  actor_account_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json;
  after: Json;
}

export interface MailOutboxTable {
  id: string;
  org_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: ColumnType<'pending' | 'sending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface JobNodesTable {
  id: string;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}
export interface JobLeasesTable {
  job_id: string;
  queue: string;
  node_id: string;
  started_at: Timestamp;
}

export type JobRunStatus = 'queued' | 'running' | 'done' | 'failed';
export type JobRunItemState = 'pending' | 'done' | 'failed';
export interface JobRunsTable {
  org_id: string;
  id: string;
  kind: string;
  status: ColumnType<JobRunStatus, JobRunStatus | undefined, JobRunStatus>;
  input: Json;
  total: number;
  processed: ColumnType<number, number | undefined, number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  created_by_account_id: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}
export interface JobRunItemsTable {
  org_id: string;
  run_id: string;
  seq: number;
  state: ColumnType<JobRunItemState, JobRunItemState | undefined, JobRunItemState>;
  input: ColumnType<unknown, string, string>;
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  output: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: ColumnType<number, number | undefined, number>;
  processed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type AccessJobOutcome = 'granted' | 'already_had' | 'removed' | 'not_present' | 'denied' | 'failed';
export interface AccessJobResultsTable {
  org_id: string;
  job_id: string;
  seq: number;
  n: number;
  client_id: string;
  consultant_account_id: string;
  module: string | null;
  outcome: AccessJobOutcome;
  reason: string | null;
}

export type NotificationKind = 'access_job_finished' | 'conversion_applied';
export type NotificationSubjectType = 'access_job' | 'org';
export interface NotificationsTable {
  account_id: string;
  id: string;
  kind: NotificationKind;
  org_id: string | null;
  subject_type: NotificationSubjectType;
  subject_id: string;
  summary: ColumnType<Record<string, unknown>, string | undefined, string>;
  read_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export interface ProjectsTable {
  org_id: string;
  id: string;
  name: string;
  name_lower: ColumnType<string, never, never>;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface MfaTotpTable {
  account_id: string;
  secret: string;
  confirmed_at: Date | null;
  last_time_step: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export interface MfaRecoveryCodesTable {
  account_id: string;
  code_hash: string;
  used_at: Date | null;
}
export interface WebauthnCredentialsTable {
  id: string;
  account_id: string;
  name: string;
  public_key: Uint8Array;
  counter: ColumnType<string, number | undefined, number>;
  transports: ColumnType<string[], string | undefined, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: Date | null;
}
export interface MfaChallengesTable {
  token_hash: string;
  account_id: string;
  purpose: 'sign_in' | 'register';
  challenge: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: Date;
}
export interface DB {
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  mfa_challenges: MfaChallengesTable;
  projects: ProjectsTable;
  sites: ProjectsTable;
  modules: ModulesTable;
  packages: PackagesTable;
  package_modules: PackageModulesTable;
  roles: RolesTable;
  legacy_rights: LegacyRightsTable;
  orgs: OrgsTable;
  accounts: AccountsTable;
  license_pools: LicensePoolsTable;
  license_orders: LicenseOrdersTable;
  membership_roles: MembershipRolesTable;
  persons: PersonsTable;
  memberships: MembershipsTable;
  deleted_memberships: DeletedMembershipsTable;
  offices: OfficesTable;
  membership_packages: MembershipPackagesTable;
  membership_modules: MembershipModulesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_tokens: AuthTokensTable;
  auth_throttle: AuthThrottleTable;
  audit_events: AuditEventsTable;
  mail_outbox: MailOutboxTable;
  job_nodes: JobNodesTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  job_run_items: JobRunItemsTable;
  notifications: NotificationsTable;
  access_job_results: AccessJobResultsTable;
}

-- Nyckel foundation schema. Every org-scoped table has org_id first in its primary key (SPEC §5 scale out).

-- Catalogue (global, seeded here; SPEC §2 "Default catalogue").
CREATE TABLE modules (
  key text PRIMARY KEY,
  name text NOT NULL,
  licensed boolean NOT NULL,
  sort_order int NOT NULL
);
CREATE TABLE packages (
  key text PRIMARY KEY,
  name text NOT NULL,
  sort_order int NOT NULL
);
CREATE TABLE package_modules (
  package_key text NOT NULL REFERENCES packages(key),
  module_key text NOT NULL REFERENCES modules(key),
  PRIMARY KEY (package_key, module_key)
);
CREATE TABLE roles (
  key text PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('org', 'project', 'site')),
  name text NOT NULL,
  sort_order int NOT NULL
);
CREATE TABLE legacy_rights (
  code text PRIMARY KEY,
  module_key text NOT NULL REFERENCES modules(key)
);

INSERT INTO modules (key, name, licensed, sort_order) VALUES
  ('accounting', 'Accounting', true, 1), ('invoicing', 'Invoicing', true, 2), ('payroll', 'Payroll', true, 3),
  ('crm', 'CRM', true, 4), ('projects', 'Projects', true, 5), ('timesheets', 'Timesheets', true, 6),
  ('cases', 'Cases', true, 7), ('documents', 'Documents', true, 8), ('bank', 'Bank', false, 9),
  ('user-admin', 'User administration', false, 10);
INSERT INTO packages (key, name, sort_order) VALUES
  ('base-accounting', 'Base package: accounting', 1), ('base-payroll', 'Base package: payroll', 2),
  ('base-crm', 'Base package: CRM', 3), ('case-management', 'Case management', 4), ('agency', 'Agency package', 5);
INSERT INTO package_modules (package_key, module_key) VALUES
  ('base-accounting', 'accounting'), ('base-accounting', 'invoicing'), ('base-accounting', 'bank'),
  ('base-payroll', 'payroll'),
  ('base-crm', 'crm'), ('base-crm', 'projects'), ('base-crm', 'timesheets'),
  ('case-management', 'cases'), ('case-management', 'documents'),
  ('agency', 'accounting'), ('agency', 'invoicing'), ('agency', 'payroll'), ('agency', 'bank');
INSERT INTO roles (key, scope, name, sort_order) VALUES
  ('org-manager', 'org', 'Organisation manager', 1), ('org-viewer', 'org', 'Organisation viewer', 2),
  ('project-manager', 'project', 'Project manager', 3), ('project-member', 'project', 'Project member', 4),
  ('project-viewer', 'project', 'Project viewer', 5), ('site-supervisor', 'site', 'Site supervisor', 6),
  ('site-worker', 'site', 'Site worker', 7), ('site-viewer', 'site', 'Site viewer', 8);
INSERT INTO legacy_rights (code, module_key) VALUES
  ('ACC', 'accounting'), ('INV', 'invoicing'), ('PAY', 'payroll'), ('CRM', 'crm'), ('PRJ', 'projects'),
  ('TIME', 'timesheets'), ('BANK', 'bank'), ('ADMIN', 'user-admin');

-- Organisations.
CREATE TABLE orgs (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('agency', 'client')),
  country text NOT NULL CHECK (country IN ('FI', 'SE', 'NO')),
  business_id text NOT NULL,
  default_language text NOT NULL CHECK (default_language IN ('en', 'sv', 'fi', 'nb')),
  agency_id uuid REFERENCES orgs(id),
  permission_model text NOT NULL DEFAULT 'current' CHECK (permission_model IN ('legacy', 'current')),
  contract_owner_account_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  name_lower text GENERATED ALWAYS AS (lower(name)) STORED,
  CONSTRAINT orgs_business_id_unique UNIQUE (country, business_id)
);
CREATE INDEX orgs_name_idx ON orgs (name_lower, id);
CREATE INDEX orgs_agency_idx ON orgs (agency_id, name_lower, id);
CREATE INDEX orgs_legacy_idx ON orgs (name_lower, id) WHERE permission_model = 'legacy';

-- Accounts: global login identities.
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
  first_name text NOT NULL,
  last_name text NOT NULL,
  phone text,
  language text NOT NULL CHECK (language IN ('en', 'sv', 'fi', 'nb')),
  home_org_id uuid REFERENCES orgs(id),
  password_hash text,
  operator boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  login_valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_email_unique UNIQUE (email_lower)
);
ALTER TABLE orgs ADD CONSTRAINT orgs_contract_owner_fk FOREIGN KEY (contract_owner_account_id) REFERENCES accounts(id);

-- License pools: seats per (organisation, licensed module).
CREATE TABLE license_pools (
  org_id uuid NOT NULL REFERENCES orgs(id),
  module_key text NOT NULL REFERENCES modules(key),
  seats int NOT NULL CHECK (seats >= 0),
  PRIMARY KEY (org_id, module_key)
);

-- Persons and memberships (the user lifecycle grows on these).
CREATE TABLE persons (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  phone text,
  job_title text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE TABLE memberships (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  account_id uuid REFERENCES accounts(id),
  type text NOT NULL CHECK (type IN ('reseller', 'employee', 'external', 'no_access', 'person')),
  status text NOT NULL CHECK (status IN ('invited', 'active', 'inactive', 'expired')),
  reseller_role text CHECK (reseller_role IN ('accountant', 'auditor')),
  valid_from date,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, person_id) REFERENCES persons(org_id, id)
);
CREATE UNIQUE INDEX memberships_account_unique ON memberships (org_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX memberships_by_account ON memberships (account_id, org_id) WHERE account_id IS NOT NULL;
CREATE TABLE membership_packages (
  org_id uuid NOT NULL,
  membership_id uuid NOT NULL,
  package_key text NOT NULL REFERENCES packages(key),
  PRIMARY KEY (org_id, membership_id, package_key),
  FOREIGN KEY (org_id, membership_id) REFERENCES memberships(org_id, id) ON DELETE CASCADE
);
CREATE TABLE membership_modules (
  org_id uuid NOT NULL,
  membership_id uuid NOT NULL,
  module_key text NOT NULL REFERENCES modules(key),
  admin boolean NOT NULL DEFAULT false,
  PRIMARY KEY (org_id, membership_id, module_key),
  FOREIGN KEY (org_id, membership_id) REFERENCES memberships(org_id, id) ON DELETE CASCADE
);

-- Sign-in: server-side sessions (stateless API nodes), personal API tokens, single-use tokens, throttling.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);
CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX auth_tokens_account_idx ON auth_tokens (account_id, purpose);
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  failures int NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- Audit: immutable. Platform-wide events (no organisation) use the nil UUID as org_id.
CREATE TABLE audit_events (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_account_id uuid,
  actor_name text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  before jsonb,
  after jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_org_at_idx ON audit_events (org_id, at DESC, id DESC);

-- Mail outbox (R-K3): written in the transaction that causes the mail; pg-boss jobs deliver it.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  org_id uuid,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id DESC);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- Background job liveness: which node holds which pg-boss job, so a dead node's work is picked up in seconds.
CREATE TABLE job_nodes (
  id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE job_leases (
  job_id uuid PRIMARY KEY,
  queue text NOT NULL,
  node_id uuid NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_leases_node_idx ON job_leases (node_id);

-- In-app notifications (R-K2), per account.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  kind text NOT NULL,
  title text NOT NULL,
  body jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_account_idx ON notifications (account_id, created_at DESC);

-- Legacy conversion (SPEC §3 I, seed 000). A legacy customer's export is kept read-only as the organisation's legacy
-- record (logins with their legacy rights, persons linked to logins); a conversion is the open plan an administrator
-- walks through (conflict decisions and per-user edits) until it is applied once, in one transaction.

CREATE TABLE legacy_persons (
  org_id uuid NOT NULL REFERENCES orgs(id),
  key text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  phone text,
  PRIMARY KEY (org_id, key)
);

CREATE TABLE legacy_logins (
  org_id uuid NOT NULL REFERENCES orgs(id),
  key text NOT NULL,
  username text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('personal', 'integration')),
  email text,
  rights text[] NOT NULL,
  person_keys text[] NOT NULL,
  PRIMARY KEY (org_id, key)
);

-- One row per organisation (org_id is the key): open while an administrator works on it, applied afterwards.
-- decisions: conflict id → [Decision]; edits: user key → {type?, packages?, modules?}. Every change bumps version.
CREATE TABLE conversions (
  org_id uuid NOT NULL REFERENCES orgs(id),
  status text NOT NULL CHECK (status IN ('open', 'applied')),
  version int NOT NULL DEFAULT 1,
  opened_by uuid NOT NULL REFERENCES accounts(id),
  opened_by_name text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_at timestamptz,
  decisions jsonb NOT NULL DEFAULT '{}',
  edits jsonb NOT NULL DEFAULT '{}',
  -- The wizard's step (R-I2), so a reload or another browser resumes where it was; not part of the plan's version.
  step text NOT NULL DEFAULT 'instructions' CHECK (step IN ('instructions', 'conflicts', 'deactivations', 'summary', 'confirm')),
  PRIMARY KEY (org_id)
);
-- R-I7: one administrator has at most one conversion open at a time.
CREATE UNIQUE INDEX conversions_open_by_unique ON conversions (opened_by) WHERE status = 'open';

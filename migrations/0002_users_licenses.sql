-- Users and licenses (SPEC §3 B, C, D). The user list reads only memberships: the columns it shows,
-- sorts and filters are kept on the membership row (copied from person/account/home organisation in
-- the same transaction that changes them), so every sort is one index range scan at 100,000 members.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE accounts ADD COLUMN email_settings jsonb NOT NULL DEFAULT '{"accessNotices": true, "productNews": false}';

ALTER TABLE memberships
  ADD COLUMN first_name text NOT NULL DEFAULT '',
  ADD COLUMN last_name text NOT NULL DEFAULT '',
  ADD COLUMN email text,
  ADD COLUMN home text NOT NULL DEFAULT 'own' CHECK (home IN ('own', 'partner')),
  ADD COLUMN home_org_id uuid,
  ADD COLUMN home_org_name text NOT NULL DEFAULT '',
  -- status before deactivation, restored by reactivate (R-C9)
  ADD COLUMN status_before_deactivation text CHECK (status_before_deactivation IN ('invited', 'active', 'expired')),
  ADD COLUMN deactivated_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

UPDATE memberships m SET first_name = p.first_name, last_name = p.last_name, email = p.email
  FROM persons p WHERE p.org_id = m.org_id AND p.id = m.person_id;
UPDATE memberships m SET email = a.email,
    home = CASE WHEN a.home_org_id = m.org_id OR a.home_org_id IS NULL THEN 'own' ELSE 'partner' END,
    home_org_id = COALESCE(a.home_org_id, m.org_id)
  FROM accounts a WHERE a.id = m.account_id;
UPDATE memberships m SET home_org_id = m.org_id WHERE home_org_id IS NULL;
UPDATE memberships m SET home_org_name = o.name FROM orgs o WHERE o.id = m.home_org_id;

ALTER TABLE memberships
  ADD COLUMN first_name_lower text GENERATED ALWAYS AS (lower(first_name)) STORED,
  ADD COLUMN last_name_lower text GENERATED ALWAYS AS (lower(last_name)) STORED,
  ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(COALESCE(email, ''))) STORED,
  ADD COLUMN home_org_name_lower text GENERATED ALWAYS AS (lower(home_org_name)) STORED,
  ADD COLUMN search_text text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name || ' ' || COALESCE(email, '') || ' ' || home_org_name)) STORED;

-- One index per sort column, keyed (org_id, column, id) for keyset pages.
CREATE INDEX memberships_list_first_name ON memberships (org_id, first_name_lower, id);
CREATE INDEX memberships_list_last_name ON memberships (org_id, last_name_lower, id);
CREATE INDEX memberships_list_email ON memberships (org_id, email_lower, id);
CREATE INDEX memberships_list_org ON memberships (org_id, home_org_name_lower, id);
CREATE INDEX memberships_list_type ON memberships (org_id, type, id);
CREATE INDEX memberships_list_status ON memberships (org_id, status, id);
CREATE INDEX memberships_list_created ON memberships (org_id, created_at, id);
CREATE INDEX memberships_list_home ON memberships (org_id, home, last_name_lower, id);
CREATE INDEX memberships_search_trgm ON memberships USING gin (search_text gin_trgm_ops);
CREATE INDEX memberships_expiry ON memberships (valid_until) WHERE type = 'external' AND status IN ('invited', 'active');

-- Seats in use per pool, kept by the one seat check every change goes through (R-B1, R-B2).
ALTER TABLE license_pools ADD COLUMN in_use int NOT NULL DEFAULT 0 CHECK (in_use >= 0);
INSERT INTO license_pools (org_id, module_key, seats)
  SELECT o.id, m.key, 0 FROM orgs o CROSS JOIN modules m WHERE m.licensed
  ON CONFLICT DO NOTHING;
UPDATE license_pools lp SET in_use = sub.n FROM (
  SELECT e.org_id, e.module_key, count(DISTINCT e.membership_id) AS n FROM (
    SELECT mm.org_id, mm.membership_id, mm.module_key FROM membership_modules mm
    UNION
    SELECT mp.org_id, mp.membership_id, pm.module_key FROM membership_packages mp JOIN package_modules pm ON pm.package_key = mp.package_key
  ) e
  JOIN memberships m ON m.org_id = e.org_id AND m.id = e.membership_id
  WHERE m.type IN ('employee', 'external', 'reseller') AND m.status IN ('invited', 'active')
  GROUP BY e.org_id, e.module_key
) sub WHERE lp.org_id = sub.org_id AND lp.module_key = sub.module_key;

-- License orders: the agreement's history (R-B3).
CREATE TABLE license_orders (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  by_account_id uuid,
  by_name text,
  changes jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX license_orders_at ON license_orders (org_id, at DESC);

-- Roles on organisation, project and site level (R-E1…R-E3). target_id is the org, project or site id.
CREATE TABLE membership_roles (
  org_id uuid NOT NULL,
  membership_id uuid NOT NULL,
  scope text NOT NULL CHECK (scope IN ('org', 'project', 'site')),
  target_id uuid NOT NULL,
  role text NOT NULL REFERENCES roles(key),
  title text,
  PRIMARY KEY (org_id, membership_id, scope, target_id, role),
  FOREIGN KEY (org_id, membership_id) REFERENCES memberships(org_id, id) ON DELETE CASCADE
);

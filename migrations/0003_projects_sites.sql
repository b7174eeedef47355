-- Projects and sites (seed 003 "projekti", "kohde"): what project and site roles are assigned on (R-E2).
CREATE TABLE projects (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  name text NOT NULL,
  name_lower text GENERATED ALWAYS AS (lower(name)) STORED,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX projects_name ON projects (org_id, name_lower, id);
CREATE TABLE sites (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  name text NOT NULL,
  name_lower text GENERATED ALWAYS AS (lower(name)) STORED,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX sites_name ON sites (org_id, name_lower, id);
CREATE INDEX membership_roles_target ON membership_roles (org_id, scope, target_id);
-- Partner organisations of an organisation: the distinct homes of its partner members (R-F2).
CREATE INDEX memberships_partner_homes ON memberships (org_id, home_org_id) WHERE home = 'partner';

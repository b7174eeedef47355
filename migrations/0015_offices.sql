-- Offices ("toimipaikka", seed 003, R-C16): an organisation's list of offices, and the office a member is placed at.
CREATE TABLE offices (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  name text NOT NULL,
  address text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
-- One name once per organisation, in any letter case.
CREATE UNIQUE INDEX offices_name ON offices (org_id, lower(name));

-- A member is placed at an office of their home organisation (a partner: of their own company, not the client's),
-- hence the key (home_org_id, office_id). The office's name is copied onto the membership (renamed in the same
-- transaction as the office) so that the user list sorts and filters it from its own index like every other column.
ALTER TABLE memberships
  ADD COLUMN office_id uuid,
  ADD COLUMN office_name text NOT NULL DEFAULT '',
  ADD CONSTRAINT memberships_office_fk FOREIGN KEY (home_org_id, office_id) REFERENCES offices (org_id, id);
ALTER TABLE memberships ADD COLUMN office_name_lower text GENERATED ALWAYS AS (lower(office_name)) STORED;
-- The user list's sort and prefix filter by office: (org_id, column, id) like every list key.
CREATE INDEX memberships_list_office ON memberships (org_id, office_name_lower, id);
-- Renaming or removing an office touches the members placed there, in whichever organisations they are.
CREATE INDEX memberships_by_office ON memberships (office_id) WHERE office_id IS NOT NULL;

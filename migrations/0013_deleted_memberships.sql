-- Issue 14 item 10: a deleted user can be restored for 30 days. Delete (R-C11) keeps here what the membership was:
-- its columns, grants and roles; restore puts them back (seat-checked, R-B2) and removes the record; records older
-- than 30 days are purged by the users' scheduled job. The person record stays in persons as before.
CREATE TABLE deleted_memberships (
  org_id uuid NOT NULL REFERENCES orgs(id),
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  account_id uuid REFERENCES accounts(id),
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  type text NOT NULL,
  status text NOT NULL,
  home text NOT NULL,
  home_org_name text NOT NULL,
  -- the remaining membership columns as they were (reseller role, validity, home organisation, created_at, …)
  membership jsonb NOT NULL,
  grants jsonb NOT NULL,
  roles jsonb NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  deleted_by_account_id uuid,
  deleted_by_name text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, person_id) REFERENCES persons(org_id, id)
);
CREATE INDEX deleted_memberships_at ON deleted_memberships (org_id, deleted_at, id);
CREATE INDEX deleted_memberships_purge ON deleted_memberships (deleted_at);

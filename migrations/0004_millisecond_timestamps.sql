-- Keyset cursors carry timestamps through JavaScript, which has millisecond resolution. PostgreSQL keeps
-- microseconds: a cursor made from a row's time would sort before that row and pages would repeat forever.
-- Sort-key timestamps are therefore stored at millisecond precision (values are rounded on every write).
ALTER TABLE orgs ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE memberships ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE audit_events ALTER COLUMN at TYPE timestamptz(3);
ALTER TABLE mail_outbox ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE license_orders ALTER COLUMN at TYPE timestamptz(3);
ALTER TABLE projects ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE sites ALTER COLUMN created_at TYPE timestamptz(3);

-- In-app notifications (R-K2): a finished bulk-access job or an applied conversion tells the account that started it.
-- Keyed by the recipient (account_id first): a person's notifications are theirs across organisations.
-- org_id is the organisation the subject belongs to (the agency of a job, the converted organisation), for links.
-- Replaces 0001's placeholder table (never written): the contract's shape, keyed by recipient, millisecond times.
DROP TABLE notifications;
CREATE TABLE notifications (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('access_job_finished', 'conversion_applied')),
  org_id uuid,
  subject_type text NOT NULL CHECK (subject_type IN ('access_job', 'org')),
  subject_id uuid NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, id)
);
-- Newest first per recipient (keyset on created_at, id); the unread count reads only unread rows.
CREATE INDEX notifications_by_recipient ON notifications (account_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;

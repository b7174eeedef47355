-- Job runs: a long background action (agency bulk access, legacy conversion) as one run row and a row per item.
-- Each item is applied exactly once: its effect and its state change commit in one transaction (kernel/job-runs.ts).
-- org_id is the run's organisation (the nil UUID for platform-wide runs, as in audit_events): no foreign key.
CREATE TABLE job_runs (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  input jsonb,
  total int NOT NULL CHECK (total >= 0),
  processed int NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  attempts int NOT NULL DEFAULT 0,
  error text,
  created_by_account_id uuid REFERENCES accounts(id),
  created_by_name text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  started_at timestamptz(3),
  finished_at timestamptz(3),
  PRIMARY KEY (org_id, id)
);
-- An organisation's runs, newest first (keyset on created_at, id).
CREATE INDEX job_runs_org_created_idx ON job_runs (org_id, created_at DESC, id DESC);

CREATE TABLE job_run_items (
  org_id uuid NOT NULL,
  run_id uuid NOT NULL,
  seq int NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  input jsonb NOT NULL,
  outcome text,
  reason text,
  output jsonb,
  error text,
  attempts int NOT NULL DEFAULT 0,
  processed_at timestamptz(3),
  PRIMARY KEY (org_id, run_id, seq),
  FOREIGN KEY (org_id, run_id) REFERENCES job_runs (org_id, id) ON DELETE CASCADE
);
-- The runner's next items: only pending rows are indexed, so a finished run's items cost nothing here.
CREATE INDEX job_run_items_pending_idx ON job_run_items (org_id, run_id, seq) WHERE state = 'pending';

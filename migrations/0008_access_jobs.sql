-- Agency bulk access (R-H1…R-H6): an access job is a job run (0005) of kind 'access-jobs.run' in the agency
-- (job_runs.org_id = the agency). Its run items are clients; each client's results — one per (consultant, module),
-- module null for revoke_clients — are written here in the transaction that applies that client (exactly once).
CREATE TABLE access_job_results (
  org_id uuid NOT NULL,
  job_id uuid NOT NULL,
  seq int NOT NULL,
  n int NOT NULL,
  client_id uuid NOT NULL,
  consultant_account_id uuid NOT NULL,
  module text,
  outcome text NOT NULL CHECK (outcome IN ('granted', 'already_had', 'removed', 'not_present', 'denied', 'failed')),
  reason text,
  PRIMARY KEY (org_id, job_id, seq, n),
  FOREIGN KEY (org_id, job_id) REFERENCES job_runs (org_id, id) ON DELETE CASCADE
);
-- The result page filtered by outcome, in item order (keyset on seq, n).
CREATE INDEX access_job_results_outcome_idx ON access_job_results (org_id, job_id, outcome, seq, n);
-- GET /access-jobs/{id} names the job without its agency.
CREATE INDEX job_runs_id_idx ON job_runs (id);

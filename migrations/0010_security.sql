-- Issue 11: two-step verification (TOTP with recovery codes, WebAuthn passkeys), enforced per organisation and for
-- operators in production; sessions and API tokens remember whether a second factor was given.

CREATE TABLE mfa_totp (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  secret text NOT NULL,
  -- null until the first code is verified (enrolment half-done: not a factor yet)
  confirmed_at timestamptz(3),
  -- the last accepted time step: a code is accepted once (no replay within its window)
  last_time_step bigint,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE mfa_recovery_codes (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz(3),
  PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE webauthn_credentials (
  -- the credential id, base64url
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text NOT NULL,
  public_key bytea NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  last_used_at timestamptz(3)
);
CREATE INDEX webauthn_credentials_account ON webauthn_credentials (account_id);

-- A password sign-in waiting for its second factor (purpose sign_in, keyed by the hash of the token the client holds),
-- and a passkey registration's challenge (purpose register, one per account). Single use, short-lived.
CREATE TABLE mfa_challenges (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('sign_in', 'register')),
  challenge text,
  attempts int NOT NULL DEFAULT 0,
  expires_at timestamptz(3) NOT NULL
);

ALTER TABLE sessions ADD COLUMN mfa_at timestamptz(3);
ALTER TABLE api_tokens ADD COLUMN mfa boolean NOT NULL DEFAULT false;
ALTER TABLE orgs ADD COLUMN require_mfa boolean NOT NULL DEFAULT false;

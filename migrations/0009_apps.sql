-- Module applications (issue 10, R-L3) and the OpenID Connect provider's storage. Global tables: an application and
-- its tokens are not of one organisation (the organisation a user picks is in oidc_grant_orgs, per grant).
CREATE TABLE apps (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  client_id text NOT NULL UNIQUE,
  -- argon2id of the client secret, like passwords: the secret itself is shown once at registration or rotation.
  secret_hash text NOT NULL,
  redirect_uris jsonb NOT NULL DEFAULT '[]',
  post_logout_redirect_uris jsonb NOT NULL DEFAULT '[]',
  -- The modules the application serves: its organisation chooser lists organisations where the user may use one.
  modules jsonb NOT NULL DEFAULT '[]',
  created_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- oidc-provider's models (sessions, interactions, codes, tokens, grants …), one row each, so any node serves any step.
CREATE TABLE oidc_payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_payloads_grant_idx ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payloads_uid_idx ON oidc_payloads (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payloads_user_code_idx ON oidc_payloads (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_payloads_expiry_idx ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;

-- Signing keys (private JWKs; newest signs, retired ones stay published until their tokens have expired) and the
-- secret that signs the provider's cookies — shared by every node.
CREATE TABLE oidc_keys (
  kid text PRIMARY KEY,
  use text NOT NULL CHECK (use IN ('sig', 'cookie')),
  jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- The organisation chosen at sign-in, per grant: tokens of the grant name it, refresh asks the access rule about it.
CREATE TABLE oidc_grant_orgs (
  grant_id text PRIMARY KEY,
  app_id uuid NOT NULL REFERENCES apps(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  org_id uuid NOT NULL REFERENCES orgs(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A link (invitation, password reset) is withdrawn when the access it was for ends (delete, deactivate, expiry …):
-- told apart from used and expired, so the page a link opens can say at once which it is (R-C11, R-C12).
ALTER TABLE auth_tokens ADD COLUMN withdrawn_at timestamptz(3);

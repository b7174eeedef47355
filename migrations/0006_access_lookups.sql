-- Access core (issue 15): the lookups the access rule and the policy make per caller cost in proportion to the
-- caller's own memberships, never to the platform's organisations.
-- The access rule over one account's memberships answered from the index alone (no heap visit per membership): a
-- consultant in 5,000 client organisations is 5,000 index entries, never 5,000 table rows. Replaces the plain index.
CREATE INDEX memberships_by_account_access ON memberships (account_id, org_id) INCLUDE (type, status, valid_from, valid_until) WHERE account_id IS NOT NULL;
DROP INDEX memberships_by_account;
-- Agencies: only memberships in an agency are asked whether they administer it (visible clients of agencies).
CREATE INDEX orgs_agencies_idx ON orgs (id) WHERE kind = 'agency';
-- Contracts an account owns (visible organisations, sign-in of a contract owner without membership).
CREATE INDEX orgs_contract_owner_idx ON orgs (contract_owner_account_id) WHERE contract_owner_account_id IS NOT NULL;
-- A renamed organisation renames the copy of its name on the memberships of the people at home there (own and partner).
CREATE INDEX memberships_by_home ON memberships (home_org_id);

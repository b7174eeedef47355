-- Access core (issue 15): the lookups the access rule and the policy make per caller cost in proportion to the
-- caller's own memberships, never to the platform's organisations.
-- Contracts an account owns (visible organisations, sign-in of a contract owner without membership).
CREATE INDEX orgs_contract_owner_idx ON orgs (contract_owner_account_id) WHERE contract_owner_account_id IS NOT NULL;
-- A renamed organisation renames the copy of its name on the memberships of the people at home there (own and partner).
CREATE INDEX memberships_by_home ON memberships (home_org_id);

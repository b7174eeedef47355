-- The user list at 1,000,000 members (issue 12 §2). Each page's plan is the planner's pick from its estimates;
-- this gives it an index and the estimates for the list's filters:
-- * memberships_list_filters (org_id, status, home, type): every view × type × status combination is one to
--   three tight ranges of it. The capped total counts from it without touching the table (index-only, while the
--   visibility map is set), and a rare combination (type=person&view=partner matches nothing) is found there and
--   its few rows sorted, instead of walking a sort index through a million rows that all fail the filter;
-- * type, status and home are correlated (partners are never "person"s, only externals expire): one
--   multi-column MCV list lets the planner see that a combination is rare;
-- * the free-text column gets a finer histogram (1,000 entries instead of 100): LIKE '%word%' is estimated by
--   testing the pattern against it, which decides between the trigram index and an early-stopping walk.
CREATE INDEX memberships_list_filters ON memberships (org_id, status, home, type);
CREATE STATISTICS memberships_list_filters_stats (mcv) ON type, status, home FROM memberships;
ALTER TABLE memberships ALTER COLUMN search_text SET STATISTICS 1000;
ANALYZE memberships;

-- Issue 16: the request path near the floor (ADR 0015).
--
-- The membership lookups written `x IN (SELECT app.my_community_ids())` were planned as a hash join
-- over a sequential scan of the whole table (the planner cannot see how few ids the function
-- returns); `x = ANY (ARRAY(SELECT ...))` is evaluated once and probes the index. On 11,000
-- assignments my_content_ids went from a 9 ms sequential scan to an index scan (about 3x the
-- throughput), and every member's content list and policy check calls it.
CREATE OR REPLACE FUNCTION app.my_content_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.content_id FROM public.content_assignments a
     WHERE a.community_id = ANY (ARRAY(SELECT app.my_community_ids()))
  $$;

CREATE OR REPLACE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT m.user_id FROM public.community_members m
        WHERE m.community_id = ANY (ARRAY(SELECT app.my_managed_community_ids())) $$;

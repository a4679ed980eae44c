CREATE OR REPLACE FUNCTION app.my_content_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.content_id FROM public.content_assignments a
     WHERE a.community_id IN (SELECT app.my_community_ids())
  $$;

CREATE OR REPLACE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT m.user_id FROM public.community_members m
        WHERE m.community_id IN (SELECT app.my_managed_community_ids()) $$;

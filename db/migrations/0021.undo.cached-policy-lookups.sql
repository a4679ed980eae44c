-- Back to the LANGUAGE sql bodies of 0001, 0002, 0011, 0013 and 0014.
CREATE OR REPLACE FUNCTION app.session_identity(p_user uuid, p_session uuid)
  RETURNS TABLE (role text, status text, session_live boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.role, u.status,
           (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live
      FROM public.users u
      JOIN public.sessions s ON s.user_id = u.id
     WHERE u.id = p_user AND s.id = p_session
  $$;

CREATE OR REPLACE FUNCTION app.my_community_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT m.community_id FROM public.community_members m WHERE m.user_id = app.current_user_id() $$;

CREATE OR REPLACE FUNCTION app.my_managed_community_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT m.community_id FROM public.community_members m
        WHERE m.user_id = app.current_user_id() AND m.role = 'manager' $$;

CREATE OR REPLACE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT m.user_id FROM public.community_members m
        WHERE m.community_id = ANY (ARRAY(SELECT app.my_managed_community_ids())) $$;

CREATE OR REPLACE FUNCTION app.my_content_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.content_id FROM public.content_assignments a
     WHERE a.community_id = ANY (ARRAY(SELECT app.my_community_ids()))
  $$;

CREATE OR REPLACE FUNCTION app.my_published_content_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 1000 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT ci.id FROM public.content_items ci
     WHERE ci.status = 'published' AND ci.id IN (SELECT app.my_content_ids())
  $$;

CREATE OR REPLACE FUNCTION app.my_knowledge_file_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT f.id
      FROM public.agent_details d
      JOIN public.content_items ci ON ci.id = d.content_id
      CROSS JOIN LATERAL unnest(d.knowledge_file_ids) AS f(id)
     WHERE ci.status = 'published'
       AND ci.id IN (SELECT app.my_content_ids())
  $$;

CREATE OR REPLACE FUNCTION app.my_program_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 20 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.program_id FROM public.program_assignments a
     WHERE a.community_id IN (SELECT app.my_community_ids())
  $$;

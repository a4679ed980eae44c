CREATE OR REPLACE FUNCTION app.attempt_readers(p_attempt uuid)
  RETURNS TABLE (user_id uuid, display_name text, community_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT u.id, u.display_name, c.name
      FROM public.exercise_attempts a
      JOIN public.community_members owner_m ON owner_m.user_id = a.user_id
      JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id AND mgr.role = 'manager'
      JOIN public.users u ON u.id = mgr.user_id AND u.id <> a.user_id AND u.status = 'active'
      JOIN public.communities c ON c.id = owner_m.community_id
     WHERE a.id = p_attempt AND a.user_id = app.current_user_id()
     ORDER BY c.name, u.display_name
  $$;
REVOKE UPDATE (block_unpriced_models, default_input_per_million, default_output_per_million) ON community_budgets FROM aigym_app;
ALTER TABLE community_budgets
  DROP CONSTRAINT community_budgets_default_price_whole,
  DROP COLUMN default_output_per_million,
  DROP COLUMN default_input_per_million,
  DROP COLUMN block_unpriced_models;

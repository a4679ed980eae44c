-- Issue 25: a model without a price no longer costs 0 against a community's budget silently. Per
-- community, an admin either blocks unpriced models or prices them at a default price (per million
-- tokens, in the price table's currency). Neither set: they still cost 0, and the budget and
-- connection pages warn about them.
ALTER TABLE community_budgets
  ADD COLUMN block_unpriced_models boolean NOT NULL DEFAULT false,
  ADD COLUMN default_input_per_million numeric(14, 6) CHECK (default_input_per_million >= 0),
  ADD COLUMN default_output_per_million numeric(14, 6) CHECK (default_output_per_million >= 0),
  -- A default price is both figures or neither.
  ADD CONSTRAINT community_budgets_default_price_whole
    CHECK ((default_input_per_million IS NULL) = (default_output_per_million IS NULL));
GRANT UPDATE (block_unpriced_models, default_input_per_million, default_output_per_million) ON community_budgets TO aigym_app;

-- Issue 25: the share toggle said "nobody can read it" while an invited manager existed, who can
-- read the shared transcript as soon as they accept. Invited managers are readers too; suspended
-- ones are not. (Was: u.status = 'active'; migration 0009.)
CREATE OR REPLACE FUNCTION app.attempt_readers(p_attempt uuid)
  RETURNS TABLE (user_id uuid, display_name text, community_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT u.id, u.display_name, c.name
      FROM public.exercise_attempts a
      JOIN public.community_members owner_m ON owner_m.user_id = a.user_id
      JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id AND mgr.role = 'manager'
      JOIN public.users u ON u.id = mgr.user_id AND u.id <> a.user_id AND u.status IN ('active', 'invited')
      JOIN public.communities c ON c.id = owner_m.community_id
     WHERE a.id = p_attempt AND a.user_id = app.current_user_id()
     ORDER BY c.name, u.display_name
  $$;

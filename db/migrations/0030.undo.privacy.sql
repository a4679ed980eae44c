DROP FUNCTION app.my_legal_hold();
DROP FUNCTION app.audit_entries_about_me();
DROP FUNCTION app.apply_retention(timestamptz);
DROP FUNCTION app.erase_user(uuid, text);
DROP FUNCTION app.community_group_totals(uuid, timestamptz);

CREATE OR REPLACE FUNCTION app.shared_attempt_transcript(p_attempt uuid)
  RETURNS TABLE (role text, text text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT m.role, m.text, m.created_at
      FROM public.exercise_attempts a
      JOIN public.messages m ON m.conversation_id = a.conversation_id AND m.user_id = a.user_id
     WHERE a.id = p_attempt
       AND a.shared
       AND a.user_id <> app.current_user_id()
       AND m.created_at <= coalesce(a.submitted_at, 'infinity'::timestamptz)
       AND EXISTS (
         SELECT 1 FROM public.community_members owner_m
          JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id
         WHERE owner_m.user_id = a.user_id AND mgr.user_id = app.current_user_id() AND mgr.role = 'manager')
     ORDER BY m.created_at, m.id
  $$;

DROP POLICY community_members_select ON community_members;
CREATE POLICY community_members_select ON community_members FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR community_id = ANY (ARRAY(SELECT app.my_managed_community_ids()))
);

CREATE OR REPLACE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    RETURN QUERY SELECT DISTINCT m.user_id FROM public.community_members m
                  WHERE m.community_id = ANY (ARRAY(SELECT app.my_managed_community_ids()));
  END
  $$;
DROP FUNCTION app.my_per_person_community_ids();

DROP TABLE usage_daily_erased;
ALTER TABLE audit_log DROP COLUMN actor_pseudonym;
DROP TABLE legal_holds;
ALTER TABLE communities
  DROP COLUMN retention_conversations_days,
  DROP COLUMN retention_attempts_days,
  DROP COLUMN retention_files_days,
  DROP COLUMN privacy_mode;

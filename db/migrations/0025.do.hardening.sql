-- Issue 26 (hardening, third pass).
-- A shared practice transcript ends at submission: what the member writes in the practice
-- conversation afterwards is theirs alone (the managers read what was assessed, nothing more).
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

-- Each person's language for the web app and the emails they receive (ADR 0022). NULL: not chosen
-- yet — the browser's language is used in the app, and emails fall back as the mailer explains.
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('en', 'es'));
-- A person sets their own (the users_update policy already limits rows to themself or an admin).
GRANT UPDATE (language) ON users TO aigym_app;

-- The budget alert (app.reserve_ai_spend) goes to the admins and the community's managers, whose
-- rows the member whose message crossed the threshold cannot read: this returns the saved language
-- of those of `p_emails` who are in that alert set, for a caller who belongs to the community.
-- It reveals no more than a language for an address the caller already had from the alert set.
CREATE FUNCTION app.alert_languages(p_community uuid, p_emails text[])
  RETURNS TABLE (email text, language text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.email, u.language
      FROM public.users u
     WHERE u.email = ANY (p_emails)
       AND u.status = 'active'
       AND (app.is_admin() OR p_community = ANY (ARRAY(SELECT app.my_community_ids())))
       AND (u.role = 'admin' OR u.id IN (SELECT m.user_id FROM public.community_members m WHERE m.community_id = p_community AND m.role = 'manager'))
  $$;
REVOKE ALL ON FUNCTION app.alert_languages(uuid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.alert_languages(uuid, text[]) TO aigym_app;

-- Sessions: one row per sign-in (a refresh-token family). Refresh tokens are stored only as
-- SHA-256 hashes; a used one is kept (used_at) so presenting it again is detected as reuse.

CREATE TABLE sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text,
  user_agent     text,
  ip             text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE one_time_tokens (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id);

-- The request prologue: the identity in a verified token counts only while its session is live
-- and its user is active; role comes from the user's current row, never from the token.
CREATE FUNCTION app.session_identity(p_user uuid, p_session uuid)
  RETURNS TABLE (role text, status text, session_live boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.role, u.status,
           (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live
      FROM public.users u
      JOIN public.sessions s ON s.user_id = u.id
     WHERE u.id = p_user AND s.id = p_session
  $$;

-- Pre-authentication lookups by secret hash (refresh cookie, emailed link).
CREATE FUNCTION app.find_refresh_token(p_hash text)
  RETURNS TABLE (session_id uuid, user_id uuid, used_at timestamptz, revoked_at timestamptz,
                 expires_at timestamptz, last_used_at timestamptz, role text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT s.id, s.user_id, t.used_at, s.revoked_at, s.expires_at, s.last_used_at, u.role, u.status
      FROM public.refresh_tokens t
      JOIN public.sessions s ON s.id = t.session_id
      JOIN public.users u ON u.id = s.user_id
     WHERE t.token_hash = p_hash
  $$;

CREATE FUNCTION app.find_one_time_token(p_hash text)
  RETURNS TABLE (id uuid, user_id uuid, purpose text, expires_at timestamptz, used_at timestamptz, role text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, t.user_id, t.purpose, t.expires_at, t.used_at, u.role, u.status
      FROM public.one_time_tokens t JOIN public.users u ON u.id = t.user_id
     WHERE t.token_hash = p_hash
  $$;

REVOKE ALL ON FUNCTION app.session_identity(uuid, uuid), app.find_refresh_token(text), app.find_one_time_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.session_identity(uuid, uuid), app.find_refresh_token(text), app.find_one_time_token(text) TO aigym_app;

-- sessions: a user sees and ends their own; admins see and end anyone's (suspension).
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON sessions TO aigym_app;
-- Column grants: a session can be touched and revoked, never handed to another user or extended.
GRANT UPDATE (last_used_at, revoked_at, revoked_reason) ON sessions TO aigym_app;
CREATE POLICY sessions_select ON sessions FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
CREATE POLICY sessions_insert ON sessions FOR INSERT TO aigym_app WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY sessions_update ON sessions FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()))
  WITH CHECK ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()));
CREATE POLICY sessions_delete ON sessions FOR DELETE TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);

-- refresh_tokens: only through one's own sessions; nobody else, admins included, reads them.
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON refresh_tokens TO aigym_app;
GRANT UPDATE (used_at) ON refresh_tokens TO aigym_app;
CREATE POLICY refresh_tokens_owner ON refresh_tokens FOR ALL TO aigym_app
  USING (session_id = ANY (ARRAY(SELECT s.id FROM sessions s WHERE s.user_id = (SELECT app.current_user_id()))))
  WITH CHECK (session_id = ANY (ARRAY(SELECT s.id FROM sessions s WHERE s.user_id = (SELECT app.current_user_id()))));

-- one_time_tokens: admins issue invitations; a user's own reset tokens are issued and used as them.
ALTER TABLE one_time_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE one_time_tokens FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON one_time_tokens TO aigym_app;
GRANT UPDATE (used_at) ON one_time_tokens TO aigym_app;
CREATE POLICY one_time_tokens_select ON one_time_tokens FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
CREATE POLICY one_time_tokens_insert ON one_time_tokens FOR INSERT TO aigym_app WITH CHECK (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
CREATE POLICY one_time_tokens_update ON one_time_tokens FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()))
  WITH CHECK ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()));
CREATE POLICY one_time_tokens_delete ON one_time_tokens FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

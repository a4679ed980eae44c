-- Issue 15, sign-in half (ADR 0021): TOTP two-factor and OpenID Connect single sign-on per
-- community. Nothing here is a second identity: every row hangs off users(id) or sessions(id), and
-- a single-sign-on person is an ordinary users row with an ordinary session.

-- The second sign-in step is a one-time token like the emailed ones: a hash, five minutes, used once.
ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_check;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_check CHECK (purpose IN ('invitation', 'password_reset', 'mfa'));

-- A person's authenticator: the secret is AES-256-GCM ciphertext made by the server (key vault);
-- last_used_step is the newest accepted 30-second step, so a code is never accepted twice.
CREATE TABLE user_totp (
  user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL CHECK (length(secret_encrypted) <= 1000),
  confirmed_at     timestamptz,
  last_used_step   bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_codes (
  code_hash  text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id);

-- A community's identity provider. The client secret is ciphertext, bound to the community id.
CREATE TABLE community_sso (
  community_id            uuid PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  issuer                  text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
  client_id               text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
  client_secret_encrypted text CHECK (length(client_secret_encrypted) <= 4000),
  updated_by              uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at              timestamptz NOT NULL DEFAULT now()
);

-- An email domain belongs to at most one community's provider: the primary key says so.
CREATE TABLE sso_domains (
  domain       text PRIMARY KEY CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  community_id uuid NOT NULL REFERENCES community_sso (community_id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_community_idx ON sso_domains (community_id);

-- Sign-ins in flight: state (hashed), nonce and PKCE verifier, single use, ten minutes. Only the
-- SECURITY DEFINER functions below touch it; the app role has no privilege on it at all.
CREATE TABLE sso_login_states (
  state_hash    text PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_login_states_expires_idx ON sso_login_states (expires_at);

-- A session that came from a community's provider keeps the provider's refresh token (ciphertext,
-- bound to the session id) so the person can be re-checked there.
CREATE TABLE session_idp_links (
  session_id              uuid PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  community_id            uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  refresh_token_encrypted text CHECK (length(refresh_token_encrypted) <= 8000),
  checked_at              timestamptz NOT NULL DEFAULT now()
);

-- ----- pre-authentication lookups (SECURITY DEFINER, fixed search_path, never PUBLIC)

CREATE FUNCTION app.find_mfa_challenge(p_hash text)
  RETURNS TABLE (id uuid, user_id uuid, email text, role text, status text, expires_at timestamptz, used_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, t.user_id, u.email, u.role, u.status, t.expires_at, t.used_at
      FROM public.one_time_tokens t JOIN public.users u ON u.id = t.user_id
     WHERE t.token_hash = p_hash AND t.purpose = 'mfa'
  $$;

-- Which community's provider owns an email domain (the login page routes on it).
CREATE FUNCTION app.sso_domain_owner(p_domain text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT d.community_id FROM public.sso_domains d WHERE d.domain = lower(p_domain) $$;

CREATE FUNCTION app.sso_provider(p_community uuid)
  RETURNS TABLE (community_id uuid, issuer text, client_id text, client_secret_encrypted text, domains text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT s.community_id, s.issuer, s.client_id, s.client_secret_encrypted,
           coalesce(ARRAY(SELECT d.domain FROM public.sso_domains d WHERE d.community_id = s.community_id ORDER BY d.domain), '{}')
      FROM public.community_sso s WHERE s.community_id = p_community
  $$;

CREATE FUNCTION app.sso_begin(p_state_hash text, p_community uuid, p_nonce text, p_verifier text, p_ttl_seconds integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  DELETE FROM public.sso_login_states WHERE expires_at < now() - interval '1 day';
  INSERT INTO public.sso_login_states (state_hash, community_id, nonce, code_verifier, expires_at)
  VALUES (p_state_hash, p_community, p_nonce, p_verifier, now() + make_interval(secs => p_ttl_seconds));
END $$;

-- Claims a state once: the first caller gets it (claimed = true), any later caller learns only that
-- it was already used (a replayed callback).
CREATE FUNCTION app.sso_claim_state(p_state_hash text)
  RETURNS TABLE (community_id uuid, nonce text, code_verifier text, expires_at timestamptz, claimed boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  RETURN QUERY
    UPDATE public.sso_login_states s SET used_at = now()
     WHERE s.state_hash = p_state_hash AND s.used_at IS NULL
     RETURNING s.community_id, s.nonce, s.code_verifier, s.expires_at, true;
  IF NOT FOUND THEN
    RETURN QUERY SELECT s.community_id, ''::text, ''::text, s.expires_at, false
                   FROM public.sso_login_states s WHERE s.state_hash = p_state_hash;
  END IF;
END $$;

-- Just-in-time membership for a person the community's provider vouched for: finds the users row by
-- email or creates it (an active member with no password), and adds the membership. It re-checks
-- that the domain is this community's, and touches neither admins nor suspended people (the caller
-- refuses them).
CREATE FUNCTION app.sso_provision_member(p_community uuid, p_email text, p_display_name text)
  RETURNS TABLE (id uuid, role text, status text, created boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_email text := lower(p_email);
  v_user public.users%ROWTYPE;
  v_created boolean := false;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sso_domains d
                  WHERE d.community_id = p_community AND d.domain = split_part(v_email, '@', 2)) THEN
    RAISE EXCEPTION 'email domain is not owned by this community' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_user FROM public.users u WHERE u.email = v_email;
  IF NOT FOUND THEN
    INSERT INTO public.users (email, display_name, role, status)
    VALUES (v_email, left(coalesce(nullif(btrim(p_display_name), ''), split_part(v_email, '@', 1)), 120), 'member', 'active')
    ON CONFLICT (email) DO NOTHING
    RETURNING * INTO v_user;
    IF NOT FOUND THEN
      SELECT * INTO v_user FROM public.users u WHERE u.email = v_email;
    ELSE
      v_created := true;
    END IF;
  END IF;
  IF v_user.role = 'member' AND v_user.status <> 'suspended' THEN
    IF v_user.status = 'invited' THEN
      UPDATE public.users SET status = 'active' WHERE public.users.id = v_user.id;
      v_user.status := 'active';
    END IF;
    INSERT INTO public.community_members (community_id, user_id, role)
    VALUES (p_community, v_user.id, 'member')
    ON CONFLICT (community_id, user_id) DO NOTHING;
  END IF;
  RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created;
END $$;

-- Sign-in refusals happen before anyone is signed in, yet belong in the audit trail.
CREATE FUNCTION app.record_sign_in_event(p_actor uuid, p_action text, p_entity_type text, p_entity_id text, p_after jsonb, p_request_id text, p_ip text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF p_action !~ '^(sso|mfa)\.[a-z_.]+$' THEN
    RAISE EXCEPTION 'not a sign-in event: %', p_action USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.audit_log (actor_id, action, entity_type, entity_id, after, request_id, ip)
  VALUES (p_actor, p_action, p_entity_type, p_entity_id, p_after, p_request_id, p_ip);
END $$;

REVOKE ALL ON FUNCTION app.find_mfa_challenge(text), app.sso_domain_owner(text), app.sso_provider(uuid),
  app.sso_begin(text, uuid, text, text, integer), app.sso_claim_state(text), app.sso_provision_member(uuid, text, text),
  app.record_sign_in_event(uuid, text, text, text, jsonb, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.find_mfa_challenge(text), app.sso_domain_owner(text), app.sso_provider(uuid),
  app.sso_begin(text, uuid, text, text, integer), app.sso_claim_state(text), app.sso_provision_member(uuid, text, text),
  app.record_sign_in_event(uuid, text, text, text, jsonb, text, text) TO aigym_app;

-- ----- row-level security

-- user_totp: a person manages their own; an admin sees whether it is set and may remove it (reset).
ALTER TABLE user_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_totp FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON user_totp TO aigym_app;
GRANT UPDATE (secret_encrypted, confirmed_at, last_used_step, created_at) ON user_totp TO aigym_app;
CREATE POLICY user_totp_select ON user_totp FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
CREATE POLICY user_totp_insert ON user_totp FOR INSERT TO aigym_app WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY user_totp_update ON user_totp FOR UPDATE TO aigym_app
  USING (user_id = (SELECT app.current_user_id())) WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY user_totp_delete ON user_totp FOR DELETE TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);

ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON mfa_recovery_codes TO aigym_app;
GRANT UPDATE (used_at) ON mfa_recovery_codes TO aigym_app;
CREATE POLICY mfa_recovery_codes_select ON mfa_recovery_codes FOR SELECT TO aigym_app USING (user_id = (SELECT app.current_user_id()));
CREATE POLICY mfa_recovery_codes_insert ON mfa_recovery_codes FOR INSERT TO aigym_app WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY mfa_recovery_codes_update ON mfa_recovery_codes FOR UPDATE TO aigym_app
  USING (user_id = (SELECT app.current_user_id())) WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY mfa_recovery_codes_delete ON mfa_recovery_codes FOR DELETE TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);

-- community_sso and sso_domains: admins only (sign-in reads them through the functions above).
ALTER TABLE community_sso ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_sso FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON community_sso TO aigym_app;
CREATE POLICY community_sso_admin ON community_sso FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE TRIGGER community_sso_touch BEFORE UPDATE ON community_sso FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

ALTER TABLE sso_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_domains FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_domains TO aigym_app;
CREATE POLICY sso_domains_admin ON sso_domains FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- sso_login_states: no privilege for the app role; the policy only documents that admins could read.
ALTER TABLE sso_login_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_login_states FORCE ROW LEVEL SECURITY;
CREATE POLICY sso_login_states_none ON sso_login_states FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

-- session_idp_links: only through one's own sessions, like refresh tokens.
ALTER TABLE session_idp_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_idp_links FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON session_idp_links TO aigym_app;
GRANT UPDATE (refresh_token_encrypted, checked_at) ON session_idp_links TO aigym_app;
CREATE POLICY session_idp_links_owner ON session_idp_links FOR ALL TO aigym_app
  USING (session_id = ANY (ARRAY(SELECT s.id FROM sessions s WHERE s.user_id = (SELECT app.current_user_id()))))
  WITH CHECK (session_id = ANY (ARRAY(SELECT s.id FROM sessions s WHERE s.user_id = (SELECT app.current_user_id()))));

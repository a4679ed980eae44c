-- Issue 30 (ADR 0041): identity lifecycle per community — SCIM 2.0 provisioning and SAML 2.0 sign-in.
-- Still one identity: SCIM and SAML find or create `users` rows and memberships; nothing else is a
-- person. Provisioning calls carry a community's bearer token, not a person's session, so they go
-- through the narrow SECURITY DEFINER functions below, each bound to the token's community.

-- One provisioning token per community, stored as a hash (shown once). A new one replaces the old.
CREATE TABLE community_scim (
  community_id uuid PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  token_hash   text NOT NULL UNIQUE CHECK (length(token_hash) BETWEEN 20 AND 200),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_sync_at timestamptz
);

-- What a community's provisioning knows about a person: their id at the provider, whether the
-- provider has them active here, the role to give back on reactivation, and whether this
-- provisioning suspended them (only then may provisioning lift the suspension).
CREATE TABLE scim_people (
  community_id      uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  external_id       text CHECK (length(external_id) <= 300),
  active            boolean NOT NULL DEFAULT true,
  role              text NOT NULL DEFAULT 'member' CHECK (role IN ('manager', 'member')),
  suspended_by_scim boolean NOT NULL DEFAULT false,
  deleted_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX scim_people_user_idx ON scim_people (user_id);

-- A community's SAML identity provider, imported from its metadata.
CREATE TABLE community_saml (
  community_id     uuid PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  idp_entity_id    text NOT NULL CHECK (length(idp_entity_id) BETWEEN 1 AND 500),
  idp_sso_url      text NOT NULL CHECK (length(idp_sso_url) BETWEEN 8 AND 1000),
  idp_certificates text[] NOT NULL CHECK (cardinality(idp_certificates) BETWEEN 1 AND 5),
  domains          text[] NOT NULL CHECK (cardinality(domains) BETWEEN 1 AND 20),
  updated_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Assertion ids already used, kept until the assertion would have expired: a replay is refused.
CREATE TABLE saml_seen_assertions (
  assertion_id text PRIMARY KEY CHECK (length(assertion_id) BETWEEN 1 AND 300),
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX saml_seen_assertions_expires_idx ON saml_seen_assertions (expires_at);

-- ----- SCIM (every function is bound to the community the caller's token belongs to)

-- The community a token belongs to; records the sync time.
CREATE FUNCTION app.scim_authenticate(p_hash text) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ UPDATE public.community_scim SET last_sync_at = now() WHERE token_hash = p_hash RETURNING community_id $$;

-- The community's people as provisioning sees them: current members, and people provisioning
-- deactivated here (not deleted). `active` means: a member here and not suspended. One person by id
-- or by email when given (a directory looks each person up by userName: that must not read them all).
CREATE FUNCTION app.scim_people(p_community uuid, p_user uuid DEFAULT NULL, p_email text DEFAULT NULL)
  RETURNS TABLE (id uuid, email text, display_name text, active boolean, role text, external_id text, created_at timestamptz, updated_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_ids uuid[];
BEGIN
  IF p_user IS NOT NULL THEN
    v_ids := ARRAY[p_user];
  ELSIF p_email IS NOT NULL THEN
    v_ids := ARRAY(SELECT u.id FROM public.users u WHERE u.email = lower(p_email));
  ELSE
    v_ids := ARRAY(SELECT m.user_id FROM public.community_members m WHERE m.community_id = p_community
                   UNION SELECT s.user_id FROM public.scim_people s WHERE s.community_id = p_community AND s.deleted_at IS NULL);
  END IF;
  RETURN QUERY
    SELECT u.id, u.email, u.display_name, (m.user_id IS NOT NULL AND u.status <> 'suspended'),
           coalesce(m.role, s.role, 'member'), s.external_id, coalesce(s.created_at, u.created_at), greatest(u.updated_at, s.updated_at)
      FROM public.users u
      LEFT JOIN public.community_members m ON m.user_id = u.id AND m.community_id = p_community
      LEFT JOIN public.scim_people s ON s.user_id = u.id AND s.community_id = p_community AND s.deleted_at IS NULL
     WHERE u.id = ANY (v_ids) AND (m.user_id IS NOT NULL OR s.user_id IS NOT NULL)
     ORDER BY u.created_at, u.id;
END $$;

-- Makes a person active or inactive in this community only. Deactivation removes the membership
-- here, revokes every session of the person (signed out everywhere at once), and suspends them only
-- when they belong to no other community and are not a platform admin. Reactivation gives the
-- membership back and lifts a suspension only provisioning made.
CREATE FUNCTION app.scim_apply_active(p_community uuid, p_user uuid, p_active boolean) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_role text;
BEGIN
  IF p_active THEN
    SELECT s.role INTO v_role FROM public.scim_people s WHERE s.community_id = p_community AND s.user_id = p_user;
    INSERT INTO public.community_members (community_id, user_id, role)
    VALUES (p_community, p_user, coalesce(v_role, 'member'))
    ON CONFLICT (community_id, user_id) DO NOTHING;
    IF EXISTS (SELECT 1 FROM public.scim_people s WHERE s.user_id = p_user AND s.suspended_by_scim) THEN
      UPDATE public.users SET status = 'active' WHERE id = p_user AND status = 'suspended';
      UPDATE public.scim_people SET suspended_by_scim = false WHERE user_id = p_user;
    END IF;
  ELSE
    SELECT m.role INTO v_role FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = p_user;
    IF v_role IS NOT NULL THEN
      UPDATE public.scim_people SET role = v_role WHERE community_id = p_community AND user_id = p_user;
    END IF;
    DELETE FROM public.community_members WHERE community_id = p_community AND user_id = p_user;
    UPDATE public.sessions SET revoked_at = now(), revoked_reason = 'scim_deactivated' WHERE user_id = p_user AND revoked_at IS NULL;
    IF NOT EXISTS (SELECT 1 FROM public.community_members m WHERE m.user_id = p_user) THEN
      UPDATE public.users SET status = 'suspended' WHERE id = p_user AND role = 'member' AND status <> 'suspended';
      IF FOUND THEN
        UPDATE public.scim_people SET suspended_by_scim = true WHERE community_id = p_community AND user_id = p_user;
      END IF;
    END IF;
  END IF;
  UPDATE public.scim_people SET active = p_active, updated_at = now() WHERE community_id = p_community AND user_id = p_user;
END $$;

-- Creates a person or links an existing one (found by email) to this community. An existing person
-- who belongs elsewhere, or a platform admin, keeps their name: provisioning of one community never
-- overwrites a person another community shares. Answers 'exists' when this community already has them.
CREATE FUNCTION app.scim_create(p_community uuid, p_email text, p_display_name text, p_external_id text, p_active boolean)
  RETURNS TABLE (id uuid, created boolean, problem text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_email text := lower(btrim(p_email));
  v_user public.users%ROWTYPE;
  v_created boolean := false;
BEGIN
  SELECT * INTO v_user FROM public.users u WHERE u.email = v_email;
  IF NOT FOUND THEN
    INSERT INTO public.users (email, display_name, role, status)
    VALUES (v_email, left(coalesce(nullif(btrim(p_display_name), ''), split_part(v_email, '@', 1)), 120), 'member', 'active')
    RETURNING * INTO v_user;
    v_created := true;
  ELSE
    IF EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = v_user.id)
       OR EXISTS (SELECT 1 FROM public.scim_people s WHERE s.community_id = p_community AND s.user_id = v_user.id AND s.deleted_at IS NULL) THEN
      RETURN QUERY SELECT v_user.id, false, 'exists'::text;
      RETURN;
    END IF;
  END IF;
  INSERT INTO public.scim_people (community_id, user_id, external_id, active)
  VALUES (p_community, v_user.id, p_external_id, p_active)
  ON CONFLICT (community_id, user_id) DO UPDATE SET external_id = EXCLUDED.external_id, deleted_at = NULL, updated_at = now();
  PERFORM app.scim_apply_active(p_community, v_user.id, p_active);
  RETURN QUERY SELECT v_user.id, v_created, NULL::text;
END $$;

-- Replaces what provisioning may change about a person of this community. The email and name of a
-- person who belongs to another community, or of a platform admin, are not provisioning's to change
-- ('shared'); an email another account uses is refused ('email_taken'); 'not_found' otherwise unknown.
CREATE FUNCTION app.scim_update(p_community uuid, p_user uuid, p_email text, p_display_name text, p_external_id text, p_active boolean)
  RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_user public.users%ROWTYPE;
  v_email text := lower(btrim(p_email));
  v_shared boolean;
BEGIN
  SELECT * INTO v_user FROM public.users u WHERE u.id = p_user
     AND (EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = u.id)
          OR EXISTS (SELECT 1 FROM public.scim_people s WHERE s.community_id = p_community AND s.user_id = u.id AND s.deleted_at IS NULL));
  IF NOT FOUND THEN RETURN 'not_found'; END IF;
  v_shared := v_user.role = 'admin'
    OR EXISTS (SELECT 1 FROM public.community_members m WHERE m.user_id = p_user AND m.community_id <> p_community);
  IF v_email <> v_user.email THEN
    IF v_shared THEN RETURN 'shared'; END IF;
    IF EXISTS (SELECT 1 FROM public.users u WHERE u.email = v_email) THEN RETURN 'email_taken'; END IF;
    UPDATE public.users SET email = v_email WHERE id = p_user;
  END IF;
  IF NOT v_shared AND nullif(btrim(p_display_name), '') IS NOT NULL THEN
    UPDATE public.users SET display_name = left(btrim(p_display_name), 120) WHERE id = p_user;
  END IF;
  INSERT INTO public.scim_people (community_id, user_id, external_id, active)
  VALUES (p_community, p_user, p_external_id, p_active)
  ON CONFLICT (community_id, user_id) DO UPDATE SET external_id = EXCLUDED.external_id, updated_at = now();
  PERFORM app.scim_apply_active(p_community, p_user, p_active);
  RETURN NULL;
END $$;

-- DELETE: deactivates here (same sign-out) and forgets the person in this community's provisioning.
CREATE FUNCTION app.scim_delete(p_community uuid, p_user uuid) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app.scim_people(p_community, p_user) p) THEN RETURN false; END IF;
  INSERT INTO public.scim_people (community_id, user_id, active) VALUES (p_community, p_user, false)
  ON CONFLICT (community_id, user_id) DO NOTHING;
  PERFORM app.scim_apply_active(p_community, p_user, false);
  UPDATE public.scim_people SET deleted_at = now() WHERE community_id = p_community AND user_id = p_user;
  RETURN true;
END $$;

-- Groups: the community's two roles. Changes the role of an active member of this community only.
CREATE FUNCTION app.scim_set_role(p_community uuid, p_user uuid, p_role text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF p_role NOT IN ('manager', 'member') THEN RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = '22023'; END IF;
  UPDATE public.community_members SET role = p_role WHERE community_id = p_community AND user_id = p_user;
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE public.scim_people SET role = p_role, updated_at = now() WHERE community_id = p_community AND user_id = p_user;
  RETURN true;
END $$;

-- Provisioning has no signed-in actor, yet belongs in the audit trail.
CREATE FUNCTION app.record_scim_event(p_community uuid, p_action text, p_user uuid, p_after jsonb, p_request_id text, p_ip text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF p_action !~ '^scim\.[a-z_.]+$' THEN
    RAISE EXCEPTION 'not a provisioning event: %', p_action USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.audit_log (actor_id, action, entity_type, entity_id, after, request_id, ip)
  VALUES (NULL, p_action, 'user', p_user::text, jsonb_build_object('communityId', p_community) || coalesce(p_after, '{}'::jsonb), p_request_id, p_ip);
END $$;

-- ----- SAML

CREATE FUNCTION app.saml_provider(p_community uuid)
  RETURNS TABLE (community_id uuid, idp_entity_id text, idp_sso_url text, idp_certificates text[], domains text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT s.community_id, s.idp_entity_id, s.idp_sso_url, s.idp_certificates, s.domains FROM public.community_saml s WHERE s.community_id = p_community $$;

-- Claims an assertion id once: true the first time, false for a replay.
CREATE FUNCTION app.saml_claim_assertion(p_assertion_id text, p_community uuid, p_expires_at timestamptz) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  DELETE FROM public.saml_seen_assertions WHERE expires_at < now() - interval '1 hour';
  INSERT INTO public.saml_seen_assertions (assertion_id, community_id, expires_at)
  VALUES (p_assertion_id, p_community, p_expires_at)
  ON CONFLICT (assertion_id) DO NOTHING;
  RETURN FOUND;
END $$;

-- Just-in-time membership through a community's SAML provider, with the OIDC rules (ADR 0021): the
-- email's domain must be one the community owns; admins and suspended people are left untouched
-- (the caller refuses them); and a person this community's provisioning deactivated or deleted is
-- not let back in by a sign-in ('deprovisioned').
CREATE FUNCTION app.saml_provision_member(p_community uuid, p_email text, p_display_name text)
  RETURNS TABLE (id uuid, role text, status text, created boolean, deprovisioned boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_email text := lower(p_email);
  v_user public.users%ROWTYPE;
  v_created boolean := false;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.community_saml s
                  WHERE s.community_id = p_community AND split_part(v_email, '@', 2) = ANY (s.domains)) THEN
    RAISE EXCEPTION 'email domain is not owned by this community' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_user FROM public.users u WHERE u.email = v_email;
  IF FOUND AND EXISTS (SELECT 1 FROM public.scim_people s WHERE s.community_id = p_community AND s.user_id = v_user.id
                        AND (NOT s.active OR s.deleted_at IS NOT NULL)) THEN
    RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, false, true;
    RETURN;
  END IF;
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
  RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created, false;
END $$;

-- The OIDC just-in-time function (migration 0015, ADR 21) learns the same rule as SAML's: same
-- signature and grants, one check added.
CREATE OR REPLACE FUNCTION app.sso_provision_member(p_community uuid, p_email text, p_display_name text)
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
  -- Issue 30: a person this community's provisioning deactivated or deleted is not let back in by
  -- a sign-in; answered as not active, which the caller refuses (sso_account_refused).
  IF FOUND AND EXISTS (SELECT 1 FROM public.scim_people s WHERE s.community_id = p_community AND s.user_id = v_user.id
                        AND (NOT s.active OR s.deleted_at IS NOT NULL)) THEN
    RETURN QUERY SELECT v_user.id, v_user.role, 'suspended'::text, false;
    RETURN;
  END IF;
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

REVOKE ALL ON FUNCTION app.scim_authenticate(text), app.scim_people(uuid, uuid, text), app.scim_apply_active(uuid, uuid, boolean),
  app.scim_create(uuid, text, text, text, boolean), app.scim_update(uuid, uuid, text, text, text, boolean),
  app.scim_delete(uuid, uuid), app.scim_set_role(uuid, uuid, text), app.record_scim_event(uuid, text, uuid, jsonb, text, text),
  app.saml_provider(uuid), app.saml_claim_assertion(text, uuid, timestamptz), app.saml_provision_member(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.scim_authenticate(text), app.scim_people(uuid, uuid, text),
  app.scim_create(uuid, text, text, text, boolean), app.scim_update(uuid, uuid, text, text, text, boolean),
  app.scim_delete(uuid, uuid), app.scim_set_role(uuid, uuid, text), app.record_scim_event(uuid, text, uuid, jsonb, text, text),
  app.saml_provider(uuid), app.saml_claim_assertion(text, uuid, timestamptz), app.saml_provision_member(uuid, text, text) TO aigym_app;

-- ----- row-level security

-- community_scim: admins manage the token (the provisioning calls read it through scim_authenticate).
ALTER TABLE community_scim ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_scim FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON community_scim TO aigym_app;
CREATE POLICY community_scim_admin ON community_scim FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- scim_people: written only by the functions above; admins may read it.
ALTER TABLE scim_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE scim_people FORCE ROW LEVEL SECURITY;
GRANT SELECT ON scim_people TO aigym_app;
CREATE POLICY scim_people_admin ON scim_people FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE community_saml ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_saml FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON community_saml TO aigym_app;
CREATE POLICY community_saml_admin ON community_saml FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE TRIGGER community_saml_touch BEFORE UPDATE ON community_saml FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

-- saml_seen_assertions: no privilege for the app role; the policy only documents that admins could read.
ALTER TABLE saml_seen_assertions ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_seen_assertions FORCE ROW LEVEL SECURITY;
CREATE POLICY saml_seen_assertions_none ON saml_seen_assertions FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

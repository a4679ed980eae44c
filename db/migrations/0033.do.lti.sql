-- LTI 1.3 Advantage, tool side (issue 29, ADR 0045). Platforms (LMSs) are registered per community by
-- admins; a launch signs the learner in to that community. Everything a launch or a background job
-- reads runs through the SECURITY DEFINER functions below (they have no identity yet).

-- The tool's own signing keys (deep-linking responses, client assertions for AGS and NRPS). The
-- private key is AES-GCM under AI_KEYS_SECRET (key vault, purpose lti-tool-keys), bound to its kid.
CREATE TABLE lti_tool_keys (
  kid                   text PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 100),
  public_jwk            jsonb NOT NULL,
  private_key_encrypted text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lti_platforms (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id     uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  issuer           text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
  client_id        text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  deployment_ids   text[] NOT NULL CHECK (cardinality(deployment_ids) BETWEEN 1 AND 50),
  jwks_url         text NOT NULL CHECK (jwks_url ~ '^https?://' AND length(jwks_url) <= 500),
  auth_login_url   text NOT NULL CHECK (auth_login_url ~ '^https?://' AND length(auth_login_url) <= 500),
  access_token_url text CHECK (access_token_url IS NULL OR (access_token_url ~ '^https?://' AND length(access_token_url) <= 500)),
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- One registration answers for an issuer and client id: a launch must name exactly one community.
  UNIQUE (issuer, client_id)
);
CREATE INDEX lti_platforms_community_idx ON lti_platforms (community_id);

-- Login initiation to launch: state and nonce kept server-side (no cookie needed inside an iframe),
-- each claimed once.
CREATE TABLE lti_login_states (
  state_hash      text PRIMARY KEY,
  platform_id     uuid NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  nonce           text NOT NULL,
  target_link_uri text NOT NULL CHECK (length(target_link_uri) <= 1000),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lti_login_states_expires_idx ON lti_login_states (expires_at);

-- Who a platform's `sub` is here. Person-linked: erased with the person.
CREATE TABLE lti_subjects (
  platform_id uuid NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform_id, subject),
  UNIQUE (platform_id, user_id)
);
CREATE INDEX lti_subjects_user_idx ON lti_subjects (user_id);

-- Courses seen in launches, with their names-and-roles address (the roster an admin pre-enrols).
CREATE TABLE lti_contexts (
  platform_id     uuid NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  context_id      text NOT NULL CHECK (length(context_id) BETWEEN 1 AND 255),
  title           text CHECK (title IS NULL OR length(title) <= 300),
  memberships_url text CHECK (memberships_url IS NULL OR (memberships_url ~ '^https?://' AND length(memberships_url) <= 1000)),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform_id, context_id)
);

-- A graded resource link a person launched: their scored attempts on the exercise go to the line item.
CREATE TABLE lti_grade_links (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform_id     uuid NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  exercise_id     uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  lineitem_url    text NOT NULL CHECK (lineitem_url ~ '^https?://' AND length(lineitem_url) <= 1000),
  sent_attempt_id uuid,
  failures        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text CHECK (last_error IS NULL OR length(last_error) <= 500),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_id, user_id, exercise_id, lineitem_url)
);
CREATE INDEX lti_grade_links_user_idx ON lti_grade_links (user_id);

-- ---------------------------------------------------------------------------------------------
-- Entry points without an identity (the launch, the jobs).

CREATE FUNCTION app.lti_tool_keys()
  RETURNS TABLE (kid text, public_jwk jsonb, private_key_encrypted text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT k.kid, k.public_jwk, k.private_key_encrypted, k.created_at FROM public.lti_tool_keys k ORDER BY k.created_at DESC $$;

-- The first key is made by whichever instance needs it first; a second one racing it changes nothing.
CREATE FUNCTION app.lti_add_tool_key(p_kid text, p_public_jwk jsonb, p_private_key_encrypted text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    INSERT INTO public.lti_tool_keys (kid, public_jwk, private_key_encrypted)
    SELECT p_kid, p_public_jwk, p_private_key_encrypted WHERE NOT EXISTS (SELECT 1 FROM public.lti_tool_keys)
  $$;

-- Registrations matching an issuer (and a client id when the platform sent one).
CREATE FUNCTION app.lti_platforms_for(p_issuer text, p_client_id text)
  RETURNS TABLE (id uuid, community_id uuid, issuer text, client_id text, deployment_ids text[], jwks_url text, auth_login_url text, access_token_url text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT p.id, p.community_id, p.issuer, p.client_id, p.deployment_ids, p.jwks_url, p.auth_login_url, p.access_token_url
      FROM public.lti_platforms p
     WHERE p.issuer = p_issuer AND p.client_id = coalesce(p_client_id, p.client_id)
  $$;

CREATE FUNCTION app.lti_platform(p_id uuid)
  RETURNS TABLE (id uuid, community_id uuid, issuer text, client_id text, deployment_ids text[], jwks_url text, auth_login_url text, access_token_url text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT p.id, p.community_id, p.issuer, p.client_id, p.deployment_ids, p.jwks_url, p.auth_login_url, p.access_token_url
      FROM public.lti_platforms p WHERE p.id = p_id
  $$;

CREATE FUNCTION app.lti_begin(p_state_hash text, p_platform uuid, p_nonce text, p_target_link_uri text, p_ttl_seconds integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  DELETE FROM public.lti_login_states WHERE expires_at < now() - interval '1 day';
  INSERT INTO public.lti_login_states (state_hash, platform_id, nonce, target_link_uri, expires_at)
  VALUES (p_state_hash, p_platform, p_nonce, p_target_link_uri, now() + make_interval(secs => p_ttl_seconds));
END $$;

-- Claims a state once: the first caller gets its nonce (claimed = true), a replay learns only that it was used.
CREATE FUNCTION app.lti_claim_state(p_state_hash text)
  RETURNS TABLE (platform_id uuid, nonce text, target_link_uri text, expires_at timestamptz, claimed boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  RETURN QUERY
    UPDATE public.lti_login_states s SET used_at = now()
     WHERE s.state_hash = p_state_hash AND s.used_at IS NULL
     RETURNING s.platform_id, s.nonce, s.target_link_uri, s.expires_at, true;
  IF NOT FOUND THEN
    RETURN QUERY SELECT s.platform_id, ''::text, ''::text, s.expires_at, false
                   FROM public.lti_login_states s WHERE s.state_hash = p_state_hash;
  END IF;
END $$;

-- Just-in-time membership from a launch (ADR 0045). The person is found by the platform's `sub`;
-- an email links only a person already in the platform's community (a platform must not reach
-- accounts elsewhere); otherwise a new member is created. Always a plain member: roles in the LMS
-- never grant management here. Admins, suspended people and people this community's provisioning
-- deactivated are returned untouched with `refused` set, for the caller to refuse.
CREATE FUNCTION app.lti_provision_member(p_platform uuid, p_subject text, p_email text, p_display_name text)
  RETURNS TABLE (id uuid, role text, status text, created boolean, refused text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_community uuid;
  v_email text := nullif(lower(btrim(coalesce(p_email, ''))), '');
  v_user public.users%ROWTYPE;
  v_created boolean := false;
BEGIN
  SELECT p.community_id INTO v_community FROM public.lti_platforms p WHERE p.id = p_platform;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown platform' USING ERRCODE = '42501';
  END IF;
  SELECT u.* INTO v_user FROM public.lti_subjects a JOIN public.users u ON u.id = a.user_id
   WHERE a.platform_id = p_platform AND a.subject = p_subject;
  IF NOT FOUND AND v_email IS NOT NULL THEN
    SELECT u.* INTO v_user FROM public.users u WHERE u.email = v_email;
    IF FOUND THEN
      IF NOT EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = v_community AND m.user_id = v_user.id) THEN
        RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, false, 'email_elsewhere'::text;
        RETURN;
      END IF;
      INSERT INTO public.lti_subjects (platform_id, subject, user_id) VALUES (p_platform, p_subject, v_user.id)
      ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  IF v_user.id IS NULL THEN
    INSERT INTO public.users (email, display_name, role, status)
    VALUES (coalesce(v_email, 'lti-' || md5(p_platform::text || ':' || p_subject) || '@lti.invalid'),
            left(coalesce(nullif(btrim(p_display_name), ''), split_part(coalesce(v_email, 'Learner'), '@', 1)), 120), 'member', 'active')
    RETURNING * INTO v_user;
    INSERT INTO public.lti_subjects (platform_id, subject, user_id) VALUES (p_platform, p_subject, v_user.id);
    v_created := true;
  END IF;
  IF v_user.role <> 'member' THEN
    RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created, 'administrator'::text;
    RETURN;
  END IF;
  IF v_user.status = 'suspended' THEN
    RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created, 'suspended'::text;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM public.scim_people s WHERE s.community_id = v_community AND s.user_id = v_user.id
              AND (NOT s.active OR s.deleted_at IS NOT NULL)) THEN
    RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created, 'deprovisioned'::text;
    RETURN;
  END IF;
  IF v_user.status = 'invited' THEN
    UPDATE public.users SET status = 'active' WHERE public.users.id = v_user.id;
    v_user.status := 'active';
  END IF;
  INSERT INTO public.community_members (community_id, user_id, role)
  VALUES (v_community, v_user.id, 'member')
  ON CONFLICT (community_id, user_id) DO NOTHING;
  RETURN QUERY SELECT v_user.id, v_user.role, v_user.status, v_created, NULL::text;
END $$;

CREATE FUNCTION app.lti_note_context(p_platform uuid, p_context text, p_title text, p_memberships_url text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    INSERT INTO public.lti_contexts (platform_id, context_id, title, memberships_url)
    VALUES (p_platform, p_context, left(p_title, 300), p_memberships_url)
    ON CONFLICT (platform_id, context_id) DO UPDATE
      SET title = coalesce(excluded.title, lti_contexts.title),
          memberships_url = coalesce(excluded.memberships_url, lti_contexts.memberships_url),
          updated_at = now()
  $$;

-- A graded resource link, recorded at launch, only for an exercise assigned to the platform's community.
CREATE FUNCTION app.lti_note_grade_link(p_platform uuid, p_user uuid, p_exercise uuid, p_subject text, p_lineitem text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.lti_platforms p JOIN public.content_assignments ca ON ca.community_id = p.community_id
                  JOIN public.content_items ci ON ci.id = ca.content_id
                  WHERE p.id = p_platform AND ca.content_id = p_exercise AND ci.kind = 'exercise') THEN
    RETURN false;
  END IF;
  INSERT INTO public.lti_grade_links (platform_id, user_id, exercise_id, subject, lineitem_url)
  VALUES (p_platform, p_user, p_exercise, p_subject, p_lineitem)
  ON CONFLICT (platform_id, user_id, exercise_id, lineitem_url) DO NOTHING;
  RETURN true;
END $$;

-- Graded links whose person has a newer graded attempt (a verdict given) than the one last sent.
CREATE FUNCTION app.lti_scores_due(p_now timestamptz, p_limit integer)
  RETURNS TABLE (link_id uuid, platform_id uuid, subject text, lineitem_url text, failures integer,
                 attempt_id uuid, score integer, passed boolean, scored_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT l.id, l.platform_id, l.subject, l.lineitem_url, l.failures, a.id, a.score, a.passed, coalesce(a.evaluated_at, a.updated_at)
      FROM public.lti_grade_links l
      CROSS JOIN LATERAL (
        SELECT x.id, x.score, x.passed, x.evaluated_at, x.updated_at FROM public.exercise_attempts x
         WHERE x.user_id = l.user_id AND x.exercise_id = l.exercise_id AND x.status = 'evaluated'
           AND x.passed IS NOT NULL AND x.score IS NOT NULL
         ORDER BY coalesce(x.evaluated_at, x.updated_at) DESC, x.id DESC LIMIT 1) a
     WHERE l.next_attempt_at <= p_now AND a.id IS DISTINCT FROM l.sent_attempt_id
     ORDER BY l.next_attempt_at
     LIMIT p_limit
  $$;

CREATE FUNCTION app.lti_score_outcome(p_link uuid, p_attempt uuid, p_error text, p_next_attempt_at timestamptz) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    UPDATE public.lti_grade_links
       SET sent_attempt_id = CASE WHEN p_error IS NULL THEN p_attempt ELSE sent_attempt_id END,
           failures = CASE WHEN p_error IS NULL THEN 0 ELSE failures + 1 END,
           last_error = left(p_error, 500),
           next_attempt_at = coalesce(p_next_attempt_at, now())
     WHERE id = p_link
  $$;

REVOKE ALL ON FUNCTION app.lti_tool_keys(), app.lti_add_tool_key(text, jsonb, text), app.lti_platforms_for(text, text), app.lti_platform(uuid),
  app.lti_begin(text, uuid, text, text, integer), app.lti_claim_state(text), app.lti_provision_member(uuid, text, text, text),
  app.lti_note_context(uuid, text, text, text), app.lti_note_grade_link(uuid, uuid, uuid, text, text),
  app.lti_scores_due(timestamptz, integer), app.lti_score_outcome(uuid, uuid, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.lti_tool_keys(), app.lti_add_tool_key(text, jsonb, text), app.lti_platforms_for(text, text), app.lti_platform(uuid),
  app.lti_begin(text, uuid, text, text, integer), app.lti_claim_state(text), app.lti_provision_member(uuid, text, text, text),
  app.lti_note_context(uuid, text, text, text), app.lti_note_grade_link(uuid, uuid, uuid, text, text),
  app.lti_scores_due(timestamptz, integer), app.lti_score_outcome(uuid, uuid, text, timestamptz) TO aigym_app;

-- ---------------------------------------------------------------------------------------------
-- Policies: platforms belong to admins (like the LRS); the rest is written only by the functions.

ALTER TABLE lti_platforms ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_platforms FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON lti_platforms TO aigym_app;
CREATE POLICY lti_platforms_admin ON lti_platforms FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

ALTER TABLE lti_subjects ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_subjects FORCE ROW LEVEL SECURITY;
GRANT SELECT ON lti_subjects TO aigym_app;
CREATE POLICY lti_subjects_admin_read ON lti_subjects FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE lti_contexts ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_contexts FORCE ROW LEVEL SECURITY;
GRANT SELECT ON lti_contexts TO aigym_app;
CREATE POLICY lti_contexts_admin_read ON lti_contexts FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE lti_grade_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_grade_links FORCE ROW LEVEL SECURITY;
GRANT SELECT ON lti_grade_links TO aigym_app;
CREATE POLICY lti_grade_links_admin_read ON lti_grade_links FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

-- No privilege for the app role on these two; the policies only document that admins could read.
ALTER TABLE lti_tool_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_tool_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY lti_tool_keys_none ON lti_tool_keys FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE lti_login_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_login_states FORCE ROW LEVEL SECURITY;
CREATE POLICY lti_login_states_none ON lti_login_states FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

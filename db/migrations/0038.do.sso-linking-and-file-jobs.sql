-- Issue 26 (ADR 0050). Part 1, finding 8: single sign-on links an existing account only when safe. Both
-- just-in-time functions (OIDC from migrations 0015/0029, SAML from 0029) keep their signatures,
-- grants and every earlier rule; one check is added before the membership is created.

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
  -- Issue 26: an existing person is linked to this community's provider only when that is safe:
  -- no password (nothing of theirs a provider could take over) and no other community (a provider
  -- given a domain must not reach people of communities it does not serve). Anyone else keeps their
  -- password sign-in; an administrator adds them here when that is intended. Answered as the status
  -- 'unlinked', which the caller refuses (sso_account_refused).
  IF FOUND AND v_user.role = 'member'
     AND NOT EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = v_user.id)
     AND (v_user.password_hash IS NOT NULL
          OR EXISTS (SELECT 1 FROM public.community_members m WHERE m.user_id = v_user.id AND m.community_id <> p_community)) THEN
      RETURN QUERY SELECT v_user.id, v_user.role, 'unlinked'::text, false;
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

CREATE OR REPLACE FUNCTION app.saml_provision_member(p_community uuid, p_email text, p_display_name text)
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
  -- Issue 26: an existing person is linked to this community's provider only when that is safe:
  -- no password (nothing of theirs a provider could take over) and no other community (a provider
  -- given a domain must not reach people of communities it does not serve). Anyone else keeps their
  -- password sign-in; an administrator adds them here when that is intended. Answered as the status
  -- 'unlinked', which the caller refuses (sso_account_refused).
  IF FOUND AND v_user.role = 'member'
     AND NOT EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = v_user.id)
     AND (v_user.password_hash IS NOT NULL
          OR EXISTS (SELECT 1 FROM public.community_members m WHERE m.user_id = v_user.id AND m.community_id <> p_community)) THEN
      RETURN QUERY SELECT v_user.id, v_user.role, 'unlinked'::text, false, false;
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

-- Part 2: knowledge files are read by a job on the platform runner (ADR 0034), not in the memory of
-- the request that uploaded them. The job may run on another instance or after a restart, so the
-- uploaded bytes are kept with the file until it has been read (then cleared: the passages are what
-- is used). A crash mid-read leaves the bytes and the job, and the job is claimed again.
ALTER TABLE knowledge_files ADD COLUMN upload bytea;
-- Cleared by the reading job (as the uploading admin, under the existing update policy).
GRANT UPDATE (upload) ON knowledge_files TO aigym_app;

-- Only files without bytes to read are orphans now (uploaded before this migration, read in memory).
CREATE OR REPLACE FUNCTION app.fail_unfinished_knowledge_files(p_reason text, p_untouched_for interval)
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH failed AS (
      UPDATE public.knowledge_files
         SET status = 'failed', error = left(p_reason, 1000), chunk_count = 0
       WHERE status = 'processing' AND upload IS NULL AND updated_at <= now() - p_untouched_for
      RETURNING 1
    )
    SELECT count(*)::integer FROM failed
  $$;

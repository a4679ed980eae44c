-- Restores migration 0015's OIDC just-in-time function.
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

DROP FUNCTION app.saml_provision_member(uuid, text, text);
DROP FUNCTION app.saml_claim_assertion(text, uuid, timestamptz);
DROP FUNCTION app.saml_provider(uuid);
DROP FUNCTION app.record_scim_event(uuid, text, uuid, jsonb, text, text);
DROP FUNCTION app.scim_set_role(uuid, uuid, text);
DROP FUNCTION app.scim_delete(uuid, uuid);
DROP FUNCTION app.scim_update(uuid, uuid, text, text, text, boolean);
DROP FUNCTION app.scim_create(uuid, text, text, text, boolean);
DROP FUNCTION app.scim_apply_active(uuid, uuid, boolean);
DROP FUNCTION app.scim_people(uuid, uuid, text);
DROP FUNCTION app.scim_authenticate(text);
DROP TABLE saml_seen_assertions;
DROP TABLE community_saml;
DROP TABLE scim_people;
DROP TABLE community_scim;

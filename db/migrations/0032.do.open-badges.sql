-- Open Badges 3.0 (issue 29, ADR 0044): every certificate is also a signed OpenBadgeCredential.
-- 1. Each certificate gets a place in the status lists (revocation and suspension bits).
-- 2. The issuer's signing keys: generated on first use, private half encrypted at rest, rotatable;
--    a retired key stays published until every credential it may have signed has expired.

-- A place per certificate, in issue order. Positions are never reused: a certificate that is gone
-- (its holder erased) leaves its bit set in the revocation list, so a copy still in a wallet reads
-- as no longer vouched for.
CREATE SEQUENCE certificate_status_index_seq AS integer MINVALUE 0 START 0;
-- A volatile default fills existing rows one by one, in no particular order: any order will do.
ALTER TABLE certificates ADD COLUMN status_index integer NOT NULL DEFAULT nextval('certificate_status_index_seq');
ALTER TABLE certificates ADD CONSTRAINT certificates_status_index_key UNIQUE (status_index);
ALTER SEQUENCE certificate_status_index_seq OWNED BY certificates.status_index;

CREATE TABLE credential_signing_keys (
  -- The RFC 7638 thumbprint of the public key: the JWT header's `kid`.
  kid text PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{43}$'),
  alg text NOT NULL CHECK (alg IN ('RS256')),
  public_jwk jsonb NOT NULL CHECK (jsonb_typeof(public_jwk) = 'object' AND NOT public_jwk ? 'd'),
  -- AES-GCM under AI_KEYS_SECRET (key vault, purpose credential-signing-keys, the kid as associated
  -- data). Not granted to the app role: only app.credential_signing_key() hands it out.
  private_jwk_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  retired_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- For a retired key: published until then; NULL keeps it published for good (a certificate that
  -- never expires may carry its signature).
  published_until timestamptz,
  CHECK (published_until IS NULL OR retired_at IS NOT NULL)
);
-- One key signs at a time.
CREATE UNIQUE INDEX credential_signing_keys_active ON credential_signing_keys ((true)) WHERE retired_at IS NULL;
CREATE INDEX credential_signing_keys_retired_by ON credential_signing_keys (retired_by);

-- ---------------------------------------------------------------------------------------------
-- Entry points.

-- The public keys a verifier may need: the active one and retired ones still in their window.
CREATE FUNCTION app.credential_public_keys(p_now timestamptz)
  RETURNS TABLE (kid text, alg text, public_jwk jsonb, retired_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT k.kid, k.alg, k.public_jwk, k.retired_at FROM public.credential_signing_keys k
     -- The active key has no end; a retired one without an end is kept for good.
     WHERE coalesce(k.published_until, 'infinity'::timestamptz) > p_now
     ORDER BY k.created_at DESC
  $$;

-- The active key with its encrypted private half. Anonymous requests sign too (status lists, the
-- verify page's credential); the ciphertext is of no use without the server's secret. None yet: no row.
CREATE FUNCTION app.credential_signing_key()
  RETURNS TABLE (kid text, alg text, private_jwk_encrypted text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT k.kid, k.alg, k.private_jwk_encrypted FROM public.credential_signing_keys k
     WHERE k.retired_at IS NULL
  $$;

-- The first key, made by whoever first needs one. Two at once: the first wins, the other's is
-- dropped and it signs with the winner (the caller reads the active key again).
CREATE FUNCTION app.credential_add_first_key(p_kid text, p_alg text, p_public jsonb, p_private text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    INSERT INTO public.credential_signing_keys (kid, alg, public_jwk, private_jwk_encrypted)
    SELECT p_kid, p_alg, p_public, p_private
     WHERE NOT EXISTS (SELECT 1 FROM public.credential_signing_keys WHERE retired_at IS NULL)
    ON CONFLICT DO NOTHING
  $$;

-- Admins: the active key retires (kept published until the last certificate that exists now
-- expires, or for good when one never does) and the new one signs from now on.
CREATE FUNCTION app.credential_rotate_key(p_kid text, p_alg text, p_public jsonb, p_private text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    v_until timestamptz;
  BEGIN
    IF NOT coalesce(app.is_admin(), false) THEN
      RAISE EXCEPTION 'only administrators rotate the signing key' USING ERRCODE = '42501';
    END IF;
    -- Rotations queue here, so two at once retire one key each, in turn.
    LOCK TABLE public.credential_signing_keys IN SHARE ROW EXCLUSIVE MODE;
    -- A status list it signed may sit in a verifier's cache for minutes: a day covers that too.
    SELECT CASE WHEN bool_or(c.expires_at IS NULL) THEN NULL ELSE greatest(max(c.expires_at), now() + interval '1 day') END
      INTO v_until FROM public.certificates c;
    UPDATE public.credential_signing_keys
       SET retired_at = now(), retired_by = app.current_user_id(), published_until = v_until
     WHERE retired_at IS NULL;
    INSERT INTO public.credential_signing_keys (kid, alg, public_jwk, private_jwk_encrypted) VALUES (p_kid, p_alg, p_public, p_private);
  END
  $$;

-- What a credential says about a certificate: its holder's (signed-in, or an admin) by id.
CREATE FUNCTION app.certificate_credential_facts(p_id uuid)
  RETURNS TABLE (id uuid, code text, status_index integer, email text, program_id uuid, program_title text,
                 issued_at timestamptz, expires_at timestamptz, revoked boolean, suspended_at timestamptz, evidence jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT c.id, c.code, c.status_index, u.email, c.program_id, c.program_title, c.issued_at, c.expires_at, c.revoked, c.suspended_at, c.evidence
      FROM public.certificates c JOIN public.users u ON u.id = c.user_id
     WHERE c.id = p_id AND (c.user_id = app.current_user_id() OR coalesce(app.is_admin(), false))
  $$;

-- The same, for whoever holds the verification code (the verify page offers it to a wallet).
CREATE FUNCTION app.certificate_credential_facts_by_code(p_code text)
  RETURNS TABLE (id uuid, code text, status_index integer, email text, program_id uuid, program_title text,
                 issued_at timestamptz, expires_at timestamptz, revoked boolean, suspended_at timestamptz, evidence jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT c.id, c.code, c.status_index, u.email, c.program_id, c.program_title, c.issued_at, c.expires_at, c.revoked, c.suspended_at, c.evidence
      FROM public.certificates c JOIN public.users u ON u.id = c.user_id
     WHERE c.code = p_code
  $$;

-- One status list's facts: how many places were handed out, and within [p_from, p_from + p_size)
-- the places of certificates standing (neither revoked nor gone) and of suspended ones. No names.
CREATE FUNCTION app.certificate_status_places(p_from integer, p_size integer)
  RETURNS TABLE (allocated bigint, standing integer[], suspended integer[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT (SELECT CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END FROM public.certificate_status_index_seq s),
           ARRAY(SELECT c.status_index FROM public.certificates c
                  WHERE c.status_index >= p_from AND c.status_index < p_from + p_size AND NOT c.revoked ORDER BY 1),
           ARRAY(SELECT c.status_index FROM public.certificates c
                  WHERE c.status_index >= p_from AND c.status_index < p_from + p_size AND NOT c.revoked AND c.suspended_at IS NOT NULL ORDER BY 1)
  $$;

REVOKE ALL ON FUNCTION app.credential_public_keys(timestamptz), app.credential_signing_key(),
  app.credential_add_first_key(text, text, jsonb, text), app.credential_rotate_key(text, text, jsonb, text),
  app.certificate_credential_facts(uuid), app.certificate_credential_facts_by_code(text), app.certificate_status_places(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.credential_public_keys(timestamptz), app.credential_signing_key(),
  app.credential_add_first_key(text, text, jsonb, text), app.credential_rotate_key(text, text, jsonb, text),
  app.certificate_credential_facts(uuid), app.certificate_credential_facts_by_code(text), app.certificate_status_places(integer, integer) TO aigym_app;

-- ---------------------------------------------------------------------------------------------
-- Policies: admins read the keys' public columns (which key signs, since when); nobody writes
-- except through the functions above.

ALTER TABLE credential_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE credential_signing_keys FORCE ROW LEVEL SECURITY;
GRANT SELECT (kid, alg, public_jwk, created_at, retired_at, retired_by, published_until) ON credential_signing_keys TO aigym_app;
CREATE POLICY credential_signing_keys_admin_read ON credential_signing_keys FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

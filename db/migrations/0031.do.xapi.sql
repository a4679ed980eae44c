-- xAPI delivery to a community's own Learning Record Store (issue 29, ADR 0043). The facts are read
-- from the tables that hold them (attempts, enrolments, certificates) by a periodic job, written once
-- each as a statement with a stable id, and delivered in order of facts, with back-off per community.

CREATE TABLE community_lrs (
  community_id uuid PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  endpoint text NOT NULL CHECK (endpoint ~ '^https?://' AND length(endpoint) <= 500),
  username text NOT NULL CHECK (length(username) BETWEEN 1 AND 200),
  -- AES-GCM under AI_KEYS_SECRET (key vault, purpose lrs-credentials); never returned by the API.
  password_encrypted text NOT NULL,
  -- Off by default: the actor is an account (the person's stable id), not their email.
  include_email boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT true,
  failures integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text CHECK (last_error IS NULL OR length(last_error) <= 500),
  last_sent_at timestamptz,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER community_lrs_touch BEFORE UPDATE ON community_lrs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE TABLE xapi_statements (
  id uuid PRIMARY KEY,
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  fact_kind text NOT NULL CHECK (fact_kind IN ('attempt_scored', 'attempt_reviewed', 'step_completed', 'program_completed', 'certificate_issued', 'certificate_revoked')),
  fact_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  statement jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
  error text CHECK (error IS NULL OR length(error) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (community_id, fact_kind, fact_id)
);
CREATE INDEX xapi_statements_pending ON xapi_statements (community_id, occurred_at, created_at) WHERE state = 'pending';
CREATE INDEX xapi_statements_user ON xapi_statements (user_id);

-- ---------------------------------------------------------------------------------------------
-- The job's entry points (it has no identity).

-- Facts not yet written as statements, for communities with an LRS, oldest first. A person's
-- activity counts for a community they belong to, on content assigned to it.
CREATE FUNCTION app.xapi_new_facts(p_limit integer)
  RETURNS TABLE (community_id uuid, community_name text, fact_kind text, fact_id text, occurred_at timestamptz,
                 user_id uuid, email text, display_name text, include_email boolean,
                 object_kind text, object_id text, object_title text, parent_id uuid, parent_title text,
                 score integer, passed boolean, certificate_code text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH lrs AS (
      SELECT l.community_id, c.name, l.include_email FROM public.community_lrs l JOIN public.communities c ON c.id = l.community_id WHERE l.enabled
    ), facts AS (
      SELECT lrs.community_id, lrs.name, CASE a.status WHEN 'reviewed' THEN 'attempt_reviewed' ELSE 'attempt_scored' END AS fact_kind,
             a.id::text AS fact_id, coalesce(a.reviewed_at, a.evaluated_at, a.updated_at) AS occurred_at, a.user_id, lrs.include_email,
             'exercise' AS object_kind, ci.id::text AS object_id, ci.title AS object_title, NULL::uuid AS parent_id, NULL::text AS parent_title,
             CASE a.status WHEN 'reviewed' THEN coalesce(a.review_score, a.score) ELSE a.score END AS score,
             CASE a.status WHEN 'reviewed' THEN a.review_passed ELSE a.passed END AS passed, NULL::text AS certificate_code
        FROM public.exercise_attempts a
        JOIN public.content_items ci ON ci.id = a.exercise_id
        JOIN public.content_assignments ca ON ca.content_id = a.exercise_id
        JOIN lrs ON lrs.community_id = ca.community_id
        JOIN public.community_members m ON m.community_id = ca.community_id AND m.user_id = a.user_id
       WHERE a.status IN ('evaluated', 'reviewed') AND a.score IS NOT NULL
      UNION ALL
      SELECT lrs.community_id, lrs.name, 'step_completed', e.id::text || ':' || st.step_position, e.enrolled_at, e.user_id, lrs.include_email,
             'program-step', e.program_id::text || '/steps/' || st.step_position, coalesce(st.title, ''), p.id, p.title, NULL, NULL, NULL
        FROM public.program_enrolments e
        JOIN public.programs p ON p.id = e.program_id
        JOIN public.program_assignments pa ON pa.program_id = e.program_id
        JOIN lrs ON lrs.community_id = pa.community_id
        JOIN public.community_members m ON m.community_id = pa.community_id AND m.user_id = e.user_id
        CROSS JOIN LATERAL app.program_step_states(e.program_id, e.user_id, e.enrolled_at) st
       WHERE st.done
      UNION ALL
      SELECT lrs.community_id, lrs.name, 'program_completed', e.id::text, e.completed_at, e.user_id, lrs.include_email,
             'program', p.id::text, p.title, NULL, NULL, NULL, NULL, NULL
        FROM public.program_enrolments e
        JOIN public.programs p ON p.id = e.program_id
        JOIN public.program_assignments pa ON pa.program_id = e.program_id
        JOIN lrs ON lrs.community_id = pa.community_id
        JOIN public.community_members m ON m.community_id = pa.community_id AND m.user_id = e.user_id
       WHERE e.completed_at IS NOT NULL
      UNION ALL
      SELECT lrs.community_id, lrs.name, CASE WHEN k_state.revoked THEN 'certificate_revoked' ELSE 'certificate_issued' END, k.id::text,
             -- A revocation is a fact of its own, found when it happens.
             CASE WHEN k_state.revoked THEN now() ELSE k.issued_at END, k.user_id, lrs.include_email, 'certificate', k.code, k.program_title, k.program_id, k.program_title, NULL, NULL, k.code
        FROM public.certificates k
        CROSS JOIN LATERAL (VALUES (false), (true)) AS k_state(revoked)
        JOIN public.program_assignments pa ON pa.program_id = k.program_id
        JOIN lrs ON lrs.community_id = pa.community_id
        JOIN public.community_members m ON m.community_id = pa.community_id AND m.user_id = k.user_id
       WHERE NOT k_state.revoked OR k.revoked
    )
    SELECT f.community_id, f.name, f.fact_kind, f.fact_id, f.occurred_at, f.user_id, u.email, u.display_name, f.include_email,
           f.object_kind, f.object_id, f.object_title, f.parent_id, f.parent_title, f.score, f.passed, f.certificate_code
      FROM facts f
      JOIN public.users u ON u.id = f.user_id
     WHERE NOT EXISTS (SELECT 1 FROM public.xapi_statements s
                        WHERE s.community_id = f.community_id AND s.fact_kind = f.fact_kind AND s.fact_id = f.fact_id)
     -- Facts of one moment in the order they follow from each other (a step, its program, the certificate).
     ORDER BY f.occurred_at, array_position(ARRAY['attempt_scored', 'attempt_reviewed', 'step_completed', 'program_completed', 'certificate_issued', 'certificate_revoked'], f.fact_kind), f.fact_id
     LIMIT p_limit
  $$;

-- Writes built statements; one already written (another instance, an earlier run) is left as it is.
CREATE FUNCTION app.xapi_record(p_statements jsonb) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH added AS (
      INSERT INTO public.xapi_statements (id, community_id, user_id, fact_kind, fact_id, occurred_at, statement, created_at)
      -- created_at follows the array's order, which breaks ties between facts of one moment.
      SELECT (s->>'id')::uuid, (s->>'communityId')::uuid, (s->>'userId')::uuid, s->>'factKind', s->>'factId', (s->>'occurredAt')::timestamptz, s->'statement',
             clock_timestamp() + make_interval(secs => n / 1000000.0)
        FROM jsonb_array_elements(p_statements) WITH ORDINALITY AS a(s, n)
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT count(*)::integer FROM added
  $$;

-- Communities whose turn has come: statements waiting and no back-off in force.
CREATE FUNCTION app.xapi_due_communities(p_now timestamptz)
  RETURNS TABLE (community_id uuid, endpoint text, username text, password_encrypted text, failures integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT l.community_id, l.endpoint, l.username, l.password_encrypted, l.failures
      FROM public.community_lrs l
     WHERE l.enabled AND l.next_attempt_at <= p_now
       AND EXISTS (SELECT 1 FROM public.xapi_statements s WHERE s.community_id = l.community_id AND s.state = 'pending')
  $$;

CREATE FUNCTION app.xapi_pending(p_community uuid, p_limit integer)
  RETURNS TABLE (id uuid, statement jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT s.id, s.statement FROM public.xapi_statements s
     WHERE s.community_id = p_community AND s.state = 'pending'
     ORDER BY s.occurred_at, s.created_at, s.id
     LIMIT p_limit
  $$;

-- A delivery's outcome: sent and rejected statements, and the community's back-off.
CREATE FUNCTION app.xapi_delivered(p_community uuid, p_sent uuid[], p_rejected jsonb, p_error text, p_next_attempt_at timestamptz)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    UPDATE public.xapi_statements SET state = 'sent', sent_at = now(), error = NULL WHERE community_id = p_community AND id = ANY (p_sent);
    UPDATE public.xapi_statements s SET state = 'rejected', error = left(r.value, 500)
      FROM jsonb_each_text(coalesce(p_rejected, '{}'::jsonb)) AS r
     WHERE s.community_id = p_community AND s.id = r.key::uuid;
    UPDATE public.community_lrs
       SET failures = CASE WHEN p_error IS NULL THEN 0 ELSE failures + 1 END,
           next_attempt_at = coalesce(p_next_attempt_at, now()),
           last_error = left(p_error, 500),
           last_sent_at = CASE WHEN cardinality(p_sent) > 0 THEN now() ELSE last_sent_at END
     WHERE community_id = p_community;
  END
  $$;

REVOKE ALL ON FUNCTION app.xapi_new_facts(integer), app.xapi_record(jsonb), app.xapi_due_communities(timestamptz),
  app.xapi_pending(uuid, integer), app.xapi_delivered(uuid, uuid[], jsonb, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.xapi_new_facts(integer), app.xapi_record(jsonb), app.xapi_due_communities(timestamptz),
  app.xapi_pending(uuid, integer), app.xapi_delivered(uuid, uuid[], jsonb, text, timestamptz) TO aigym_app;

-- ---------------------------------------------------------------------------------------------
-- Policies: admins only (the LRS belongs to the client; managers see nothing of it).

ALTER TABLE community_lrs ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_lrs FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON community_lrs TO aigym_app;
CREATE POLICY community_lrs_admin ON community_lrs FOR ALL TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

ALTER TABLE xapi_statements ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_statements FORCE ROW LEVEL SECURITY;
GRANT SELECT, UPDATE ON xapi_statements TO aigym_app;
CREATE POLICY xapi_statements_admin_read ON xapi_statements FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));
CREATE POLICY xapi_statements_admin_resend ON xapi_statements FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- Issue 31 (ADR 0042): data governance. Per-community retention and works-council mode, legal holds,
-- erasure of a person with a pseudonym left in the audit log, and the daily retention run.

-- ----- per-community settings ------------------------------------------------------------------------
-- null = kept until someone deletes it (the behaviour before this migration).
ALTER TABLE communities
  ADD COLUMN retention_conversations_days integer CHECK (retention_conversations_days BETWEEN 1 AND 36500),
  ADD COLUMN retention_attempts_days      integer CHECK (retention_attempts_days BETWEEN 1 AND 36500),
  ADD COLUMN retention_files_days         integer CHECK (retention_files_days BETWEEN 1 AND 36500),
  ADD COLUMN privacy_mode text NOT NULL DEFAULT 'standard' CHECK (privacy_mode IN ('standard', 'works-council'));

-- ----- legal holds: a person whose data must be kept (litigation); suspends retention and erasure ----
CREATE TABLE legal_holds (
  user_id   uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  reason    text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  placed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  placed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE legal_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_holds FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON legal_holds TO aigym_app;
CREATE POLICY legal_holds_select ON legal_holds FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));
CREATE POLICY legal_holds_insert ON legal_holds FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY legal_holds_update ON legal_holds FOR UPDATE TO aigym_app USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY legal_holds_delete ON legal_holds FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- ----- what an erasure leaves: a pseudonym in the audit log, counts in the usage rollup --------------
ALTER TABLE audit_log ADD COLUMN actor_pseudonym text CHECK (length(actor_pseudonym) <= 64);

-- The chat usage rollup of erased people: counts per community, agent and day, no person.
CREATE TABLE usage_daily_erased (
  community_id  uuid REFERENCES communities (id) ON DELETE CASCADE,
  agent_id      uuid NOT NULL,
  day           date NOT NULL,
  conversations integer NOT NULL DEFAULT 0,
  messages      integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX usage_daily_erased_key ON usage_daily_erased (coalesce(community_id, '00000000-0000-0000-0000-000000000000'::uuid), agent_id, day);
ALTER TABLE usage_daily_erased ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily_erased FORCE ROW LEVEL SECURITY;
GRANT SELECT ON usage_daily_erased TO aigym_app;
CREATE POLICY usage_daily_erased_select ON usage_daily_erased FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR community_id = ANY (ARRAY(SELECT app.my_managed_community_ids()))
);

-- ----- works-council mode ------------------------------------------------------------------------------
-- A manager reaches a member's rows only through app.my_managed_user_ids() (users, attempts, usage,
-- progress, enrolments, certificates policies) and the community_members policy. In a works-council
-- community neither lets a manager see anyone: the per-person view is gone at the database, so no
-- endpoint, present or future, can list, report on or show a transcript of one member.
CREATE FUNCTION app.my_per_person_community_ids() RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    RETURN QUERY SELECT m.community_id
                   FROM public.community_members m
                   JOIN public.communities c ON c.id = m.community_id
                  WHERE m.user_id = app.current_user_id() AND m.role = 'manager' AND c.privacy_mode = 'standard';
  END
  $$;

CREATE OR REPLACE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    RETURN QUERY SELECT DISTINCT m.user_id FROM public.community_members m
                  WHERE m.community_id = ANY (ARRAY(SELECT app.my_per_person_community_ids()));
  END
  $$;

DROP POLICY community_members_select ON community_members;
CREATE POLICY community_members_select ON community_members FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR community_id = ANY (ARRAY(SELECT app.my_per_person_community_ids()))
);

-- A shared transcript reaches only the managers of a standard community the owner belongs to.
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
       -- Ends at submission (migration 0025): practice written afterwards stays the member's own.
       AND m.created_at <= coalesce(a.submitted_at, 'infinity'::timestamptz)
       AND EXISTS (
         SELECT 1 FROM public.community_members owner_m
          JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id
          JOIN public.communities c ON c.id = owner_m.community_id AND c.privacy_mode = 'standard'
         WHERE owner_m.user_id = a.user_id AND mgr.user_id = app.current_user_id() AND mgr.role = 'manager')
     ORDER BY m.created_at, m.id
  $$;

-- Group totals for a works-council community, for its managers and admins: null unless the group
-- has at least five members, so no total can be traced back to one person.
CREATE FUNCTION app.community_group_totals(p_community uuid, p_since timestamptz)
  RETURNS TABLE (members integer, active_members integer, conversations integer, messages integer, attempts integer, passed integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    n integer;
  BEGIN
    IF NOT (app.is_admin() OR p_community IN (SELECT app.my_managed_community_ids())) THEN
      RETURN;
    END IF;
    SELECT count(*)::int INTO n FROM public.community_members WHERE community_id = p_community AND role = 'member';
    IF n < 5 THEN
      RETURN QUERY SELECT n, NULL::int, NULL::int, NULL::int, NULL::int, NULL::int;
      RETURN;
    END IF;
    RETURN QUERY
      WITH people AS (SELECT user_id FROM public.community_members WHERE community_id = p_community AND role = 'member')
      SELECT n,
             (SELECT count(DISTINCT u.user_id)::int FROM public.usage_daily u WHERE u.user_id IN (SELECT user_id FROM people) AND u.day >= p_since::date),
             (SELECT coalesce(sum(u.conversations), 0)::int FROM public.usage_daily u WHERE u.user_id IN (SELECT user_id FROM people) AND u.day >= p_since::date),
             (SELECT coalesce(sum(u.messages), 0)::int FROM public.usage_daily u WHERE u.user_id IN (SELECT user_id FROM people) AND u.day >= p_since::date),
             (SELECT count(*)::int FROM public.exercise_attempts a WHERE a.user_id IN (SELECT user_id FROM people) AND a.created_at >= p_since),
             (SELECT count(*)::int FROM public.exercise_attempts a WHERE a.user_id IN (SELECT user_id FROM people) AND a.created_at >= p_since
                AND coalesce(a.review_passed, a.passed));
  END
  $$;

-- ----- erasure -----------------------------------------------------------------------------------------
-- Removes a person everywhere, as one statement an admin runs. What references them by foreign key
-- goes with the users row (CASCADE) or loses the reference (SET NULL); what names them in text (the
-- audit log's entity ids and before/after documents) gets the pseudonym instead; the knowledge files
-- they uploaded go with their passages; their chat counts move to usage_daily_erased.
CREATE FUNCTION app.erase_user(p_user uuid, p_pseudonym text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    v_email text;
    v_name text;
    v_needles text[];
    v_needle text;
    v_file record;
  BEGIN
    IF NOT app.is_admin() THEN
      RAISE EXCEPTION 'only an admin may erase a person' USING ERRCODE = '42501';
    END IF;
    IF p_user = app.current_user_id() THEN
      RAISE EXCEPTION 'an admin cannot erase themself' USING ERRCODE = 'P0001', HINT = 'self';
    END IF;
    SELECT email, display_name INTO v_email, v_name FROM public.users WHERE id = p_user FOR UPDATE;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM public.legal_holds WHERE user_id = p_user) THEN
      RAISE EXCEPTION 'this person is under a legal hold' USING ERRCODE = 'P0001', HINT = 'legal_hold';
    END IF;

    -- Counts survive, per community the person was in (or none).
    INSERT INTO public.usage_daily_erased AS e (community_id, agent_id, day, conversations, messages)
      SELECT c.community_id, u.agent_id, u.day, sum(u.conversations), sum(u.messages)
        FROM public.usage_daily u
        LEFT JOIN LATERAL (SELECT community_id FROM public.community_members WHERE user_id = p_user
                           UNION ALL SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM public.community_members WHERE user_id = p_user)) c ON true
       WHERE u.user_id = p_user
       GROUP BY c.community_id, u.agent_id, u.day
      ON CONFLICT (coalesce(community_id, '00000000-0000-0000-0000-000000000000'::uuid), agent_id, day)
      DO UPDATE SET conversations = e.conversations + EXCLUDED.conversations, messages = e.messages + EXCLUDED.messages;

    -- Their knowledge files and passages; agents stop pointing at them, and answers that cited them
    -- (in anyone's conversation) lose those citations, which carry the file's name and an excerpt.
    -- An answer may also name a cited file in its text (the offline model writes "— *name*").
    FOR v_file IN SELECT id, name FROM public.knowledge_files WHERE created_by = p_user LOOP
      UPDATE public.messages
         SET text = replace(text, v_file.name, '[removed file]')
       WHERE citations @> jsonb_build_array(jsonb_build_object('sourceId', v_file.id::text))
         AND strpos(text, v_file.name) > 0;
    END LOOP;
    UPDATE public.messages msg
       SET citations = (SELECT coalesce(jsonb_agg(c ORDER BY ord), '[]'::jsonb)
                          FROM jsonb_array_elements(msg.citations) WITH ORDINALITY AS e(c, ord)
                         WHERE NOT (c->>'sourceType' = 'file'
                                    AND c->>'sourceId' IN (SELECT id::text FROM public.knowledge_files WHERE created_by = p_user)))
     WHERE jsonb_typeof(msg.citations) = 'array'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(msg.citations) c
                    WHERE c->>'sourceType' = 'file'
                      AND c->>'sourceId' IN (SELECT id::text FROM public.knowledge_files WHERE created_by = p_user));
    UPDATE public.agent_details d
       SET knowledge_file_ids = ARRAY(SELECT f FROM unnest(d.knowledge_file_ids) f
                                       WHERE f NOT IN (SELECT id FROM public.knowledge_files WHERE created_by = p_user))
     WHERE d.knowledge_file_ids && ARRAY(SELECT id FROM public.knowledge_files WHERE created_by = p_user);
    DELETE FROM public.knowledge_files WHERE created_by = p_user;

    -- The audit log keeps what happened, with the pseudonym where the person was named. Entries about
    -- the person themself (their account, their attempts, conversations, certificates) keep the
    -- action, actor and time; their before/after documents (former names, scores) go.
    UPDATE public.audit_log
       SET before = CASE WHEN before IS NULL THEN NULL ELSE jsonb_build_object('erased', p_pseudonym) END,
           after = CASE WHEN after IS NULL THEN NULL ELSE jsonb_build_object('erased', p_pseudonym) END
     WHERE entity_id IN (SELECT p_user::text
                         UNION ALL SELECT id::text FROM public.exercise_attempts WHERE user_id = p_user
                         UNION ALL SELECT id::text FROM public.conversations WHERE user_id = p_user
                         UNION ALL SELECT id::text FROM public.certificates WHERE user_id = p_user);
    UPDATE public.audit_log SET actor_pseudonym = p_pseudonym, actor_id = NULL WHERE actor_id = p_user;
    UPDATE public.audit_log SET entity_id = replace(entity_id, p_user::text, p_pseudonym) WHERE strpos(entity_id, p_user::text) > 0;
    -- In the before/after documents: the id wherever it stands (ids are unique enough to replace
    -- inside a composite key), the email and the name only as whole JSON strings (a short name must
    -- not be cut out of other words).
    v_needles := ARRAY[p_user::text, to_jsonb(v_email)::text, to_jsonb(v_name)::text];
    FOREACH v_needle IN ARRAY v_needles LOOP
      UPDATE public.audit_log
         SET before = replace(before::text, v_needle, CASE WHEN v_needle = p_user::text THEN p_pseudonym ELSE to_jsonb(p_pseudonym)::text END)::jsonb
       WHERE strpos(before::text, v_needle) > 0;
      UPDATE public.audit_log
         SET after = replace(after::text, v_needle, CASE WHEN v_needle = p_user::text THEN p_pseudonym ELSE to_jsonb(p_pseudonym)::text END)::jsonb
       WHERE strpos(after::text, v_needle) > 0;
    END LOOP;

    -- A document that still names them (their name inside a sentence) goes too.
    UPDATE public.audit_log
       SET before = CASE WHEN before IS NULL THEN NULL ELSE jsonb_build_object('erased', p_pseudonym) END,
           after = CASE WHEN after IS NULL THEN NULL ELSE jsonb_build_object('erased', p_pseudonym) END
     WHERE
        -- (a name of one to three letters would match inside other words: those rely on the exact replacement above)
        (length(v_name) >= 4 AND strpos(lower(coalesce(before::text, '') || coalesce(after::text, '')), lower(v_name)) > 0)
        OR strpos(lower(coalesce(before::text, '') || coalesce(after::text, '')), v_email) > 0
        OR strpos(coalesce(before::text, '') || coalesce(after::text, ''), p_user::text) > 0;

    -- Queued work about them (mails in the outbox, deliveries): dropped, whatever its state, with
    -- the finished jobs that still name them in their payload, key or error.
    DELETE FROM public.jobs j
     WHERE strpos(j.payload::text || coalesce(j.unique_key, '') || coalesce(j.last_error, ''), p_user::text) > 0
        OR strpos(lower(j.payload::text || coalesce(j.unique_key, '') || coalesce(j.last_error, '')), v_email) > 0;

    -- Everything else keyed by the person cascades or is set null with the row.
    DELETE FROM public.users WHERE id = p_user;
    RETURN v_email;
  END
  $$;

-- ----- retention ----------------------------------------------------------------------------------------
-- One run at p_now. A person's data is kept for the shortest period any of their communities sets
-- (data minimisation; ADR 0042); a person under a legal hold is skipped. Idempotent.
CREATE FUNCTION app.apply_retention(p_now timestamptz)
  RETURNS TABLE (conversations integer, attempts integer, files integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    n_conv integer;
    n_att integer;
    n_files integer;
  BEGIN
    -- A job's transaction has no identity; a signed-in request never runs this.
    IF app.current_user_id() IS NOT NULL THEN
      RAISE EXCEPTION 'retention runs only as the daily job' USING ERRCODE = '42501';
    END IF;
    WITH limits AS (
      SELECT m.user_id, min(c.retention_conversations_days) AS days
        FROM public.community_members m JOIN public.communities c ON c.id = m.community_id
       WHERE c.retention_conversations_days IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM public.legal_holds h WHERE h.user_id = m.user_id)
       GROUP BY m.user_id
    ), gone AS (
      DELETE FROM public.conversations v USING limits l
       WHERE v.user_id = l.user_id AND v.updated_at < p_now - make_interval(days => l.days)
      RETURNING 1
    )
    SELECT count(*)::int INTO n_conv FROM gone;

    WITH limits AS (
      SELECT m.user_id, min(c.retention_attempts_days) AS days
        FROM public.community_members m JOIN public.communities c ON c.id = m.community_id
       WHERE c.retention_attempts_days IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM public.legal_holds h WHERE h.user_id = m.user_id)
       GROUP BY m.user_id
    ), gone AS (
      DELETE FROM public.exercise_attempts a USING limits l
       WHERE a.user_id = l.user_id AND coalesce(a.submitted_at, a.created_at) < p_now - make_interval(days => l.days)
      RETURNING 1
    )
    SELECT count(*)::int INTO n_att FROM gone;

    -- Knowledge files are held under the retention of their uploader's communities.
    WITH limits AS (
      SELECT m.user_id, min(c.retention_files_days) AS days
        FROM public.community_members m JOIN public.communities c ON c.id = m.community_id
       WHERE c.retention_files_days IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM public.legal_holds h WHERE h.user_id = m.user_id)
       GROUP BY m.user_id
    ), doomed AS (
      SELECT f.id FROM public.knowledge_files f JOIN limits l ON l.user_id = f.created_by
       WHERE f.created_at < p_now - make_interval(days => l.days)
    ), unlinked AS (
      UPDATE public.agent_details d
         SET knowledge_file_ids = ARRAY(SELECT x FROM unnest(d.knowledge_file_ids) x WHERE x NOT IN (SELECT id FROM doomed))
       WHERE d.knowledge_file_ids && ARRAY(SELECT id FROM doomed)
      RETURNING 1
    ), gone AS (
      DELETE FROM public.knowledge_files f WHERE f.id IN (SELECT id FROM doomed) RETURNING 1
    )
    SELECT count(*)::int INTO n_files FROM gone;

    RETURN QUERY SELECT n_conv, n_att, n_files;
  END
  $$;

-- ----- export: what the app's policies do not let a person read about themself --------------------------
CREATE FUNCTION app.audit_entries_about_me()
  RETURNS TABLE (id bigint, action text, entity_type text, entity_id text, actor_is_me boolean, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT a.id, a.action, a.entity_type, a.entity_id, a.actor_id IS NOT DISTINCT FROM app.current_user_id(), a.created_at
      FROM public.audit_log a
     WHERE app.current_user_id() IS NOT NULL
       AND (a.actor_id = app.current_user_id() OR strpos(coalesce(a.entity_id, ''), app.current_user_id()::text) > 0)
     ORDER BY a.created_at, a.id
  $$;

CREATE FUNCTION app.my_legal_hold() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM public.legal_holds WHERE user_id = app.current_user_id()) $$;

REVOKE ALL ON FUNCTION app.my_per_person_community_ids(), app.community_group_totals(uuid, timestamptz), app.erase_user(uuid, text),
  app.apply_retention(timestamptz), app.audit_entries_about_me(), app.my_legal_hold() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.my_per_person_community_ids(), app.community_group_totals(uuid, timestamptz), app.erase_user(uuid, text),
  app.apply_retention(timestamptz), app.audit_entries_about_me(), app.my_legal_hold() TO aigym_app;

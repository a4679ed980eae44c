-- Reviews, revocable certificates and program rules a training lead can trust (§10.1, ADR 0036).
--
-- 1. Reviewers: admins name, per community, the people who may review its members' attempts. Only
--    admins and those reviewers change a score; a community's managers no longer can.
-- 2. Attempts: a per-criterion review, one appeal per attempt by its learner, and a deterministic
--    10 % sample of passes taken when the attempt is scored (stored, so the queue is stable).
-- 3. Certificates: revocation (admins, with a reason), suspension when a pass they rest on is
--    reversed by a review, and the evidence they were issued on (each step: assessed or self-reported).
-- 4. Programs: sequential order holds on the server, only activity after enrolment and in content
--    assigned through the program's own communities counts, managers are not enrolled as learners,
--    a graded exercise step needs a pass while a practice step needs a scored attempt, and "due soon"
--    is not sent to someone enrolled inside the reminder window.

-- Added by migration 0023 (calibrated scoring) too; here so this file stands on its own.
ALTER TABLE exercise_details ADD COLUMN IF NOT EXISTS graded boolean NOT NULL DEFAULT false;

-- ---------------------------------------------------------------------------------------------
-- 1. Reviewers.

CREATE TABLE community_reviewers (
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_reviewers_user_idx ON community_reviewers (user_id);
CREATE INDEX community_reviewers_added_by_idx ON community_reviewers (added_by);

ALTER TABLE community_reviewers ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_reviewers FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON community_reviewers TO aigym_app;
CREATE POLICY community_reviewers_select ON community_reviewers FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()));
CREATE POLICY community_reviewers_insert ON community_reviewers FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY community_reviewers_delete ON community_reviewers FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- The communities the caller reviews, and the people in them (the caller excluded: nobody reviews themself).
CREATE FUNCTION app.my_reviewed_community_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT r.community_id FROM public.community_reviewers r WHERE r.user_id = app.current_user_id() $$;

CREATE FUNCTION app.my_reviewable_user_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT m.user_id FROM public.community_members m
        WHERE m.community_id = ANY (ARRAY(SELECT app.my_reviewed_community_ids())) AND m.user_id <> app.current_user_id() $$;

REVOKE ALL ON FUNCTION app.my_reviewed_community_ids(), app.my_reviewable_user_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.my_reviewed_community_ids(), app.my_reviewable_user_ids() TO aigym_app;

-- ---------------------------------------------------------------------------------------------
-- 2. Attempts: per-criterion review, appeal, sample.

ALTER TABLE exercise_attempts
  -- [{criterionId, score}] as the reviewer gave them; review_score is computed from them and the weights.
  ADD COLUMN review_criteria jsonb CHECK (jsonb_typeof(review_criteria) = 'array'),
  -- Drawn when the attempt is scored: about one pass in ten is checked by a person.
  ADD COLUMN sampled boolean NOT NULL DEFAULT false,
  ADD COLUMN appeal_criterion_id text CHECK (length(appeal_criterion_id) <= 100),
  ADD COLUMN appeal_text text CHECK (length(appeal_text) BETWEEN 1 AND 1000),
  ADD COLUMN appeal_at timestamptz,
  ADD COLUMN appeal_resolved_at timestamptz,
  ADD CONSTRAINT exercise_attempts_appeal_whole CHECK ((appeal_at IS NULL) = (appeal_text IS NULL) AND (appeal_at IS NULL) = (appeal_criterion_id IS NULL));
CREATE INDEX exercise_attempts_waiting_idx ON exercise_attempts (evaluated_at)
  WHERE status = 'needs_review' OR (status = 'evaluated' AND passed IS NOT NULL) OR (appeal_at IS NOT NULL AND appeal_resolved_at IS NULL);

GRANT UPDATE (review_criteria, sampled, appeal_criterion_id, appeal_text, appeal_at, appeal_resolved_at) ON exercise_attempts TO aigym_app;

-- Who may change the new columns: the learner appeals once and never touches the review; a reviewer
-- answers the appeal and never writes it. The sample is drawn here, from the attempt's id, when the
-- attempt becomes evaluated with a pass: deterministic, and nobody can choose it.
CREATE FUNCTION app.exercise_attempts_review_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_user = 'aigym_app' THEN
    IF NEW.sampled IS DISTINCT FROM OLD.sampled THEN
      RAISE EXCEPTION 'the review sample is drawn by the database' USING ERRCODE = '42501';
    END IF;
    IF OLD.user_id = app.current_user_id() THEN
      IF NEW.review_criteria IS DISTINCT FROM OLD.review_criteria OR NEW.appeal_resolved_at IS DISTINCT FROM OLD.appeal_resolved_at THEN
        RAISE EXCEPTION 'a member cannot review their own attempt' USING ERRCODE = '42501';
      END IF;
      IF OLD.appeal_at IS NOT NULL AND (NEW.appeal_at, NEW.appeal_text, NEW.appeal_criterion_id)
         IS DISTINCT FROM (OLD.appeal_at, OLD.appeal_text, OLD.appeal_criterion_id) THEN
        RAISE EXCEPTION 'an attempt is appealed once' USING ERRCODE = '42501';
      END IF;
    ELSIF (NEW.appeal_at, NEW.appeal_text, NEW.appeal_criterion_id) IS DISTINCT FROM (OLD.appeal_at, OLD.appeal_text, OLD.appeal_criterion_id) THEN
      RAISE EXCEPTION 'only the learner appeals' USING ERRCODE = '42501';
    END IF;
  END IF;
  IF NEW.status = 'evaluated' AND OLD.status <> 'evaluated' THEN
    NEW.sampled := coalesce(NEW.passed, false) AND ('x' || left(md5(NEW.id::text), 7))::bit(28)::integer % 10 = 0;
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION app.exercise_attempts_review_guard() FROM PUBLIC;
CREATE TRIGGER exercise_attempts_review_guard BEFORE UPDATE ON exercise_attempts FOR EACH ROW EXECUTE FUNCTION app.exercise_attempts_review_guard();

-- Reviewers read and review their communities' attempts; managers keep reading their members'
-- scores but no longer change them.
DROP POLICY exercise_attempts_select ON exercise_attempts;
DROP POLICY exercise_attempts_update ON exercise_attempts;
CREATE POLICY exercise_attempts_select ON exercise_attempts FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
  OR user_id IN (SELECT app.my_reviewable_user_ids())
);
CREATE POLICY exercise_attempts_update ON exercise_attempts FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_reviewable_user_ids()))
  WITH CHECK ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_reviewable_user_ids()));

-- ---------------------------------------------------------------------------------------------
-- 4 (first, the certificates' evidence reads it). Programs: when a step was done.

-- When the member first did the step at or after `p_since` (null: not done). Graded exercises need
-- a pass (a reviewer's verdict replaces the evaluator's); practice exercises a scored attempt.
CREATE FUNCTION app.program_step_done_at(p_user uuid, p_content uuid, p_kind text, p_since timestamptz) RETURNS timestamptz
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE p_kind
      WHEN 'agent' THEN (
        SELECT CASE WHEN min(u.day) IS NOT NULL THEN greatest(min(u.day)::timestamp AT TIME ZONE 'UTC', coalesce(p_since, '-infinity'::timestamptz)) END
          FROM public.usage_daily u
         WHERE u.user_id = p_user AND u.agent_id = p_content AND u.messages > 0
           AND u.day >= coalesce((p_since AT TIME ZONE 'UTC')::date, '-infinity'::date))
      WHEN 'exercise' THEN (
        SELECT min(a.submitted_at) FROM public.exercise_attempts a
          JOIN public.exercise_details d ON d.content_id = a.exercise_id
         WHERE a.user_id = p_user AND a.exercise_id = p_content
           AND a.submitted_at >= coalesce(p_since, '-infinity'::timestamptz)
           AND CASE WHEN d.graded THEN coalesce(CASE a.status WHEN 'reviewed' THEN a.review_passed WHEN 'evaluated' THEN a.passed END, false)
                    ELSE a.status IN ('evaluated', 'reviewed') END)
      WHEN 'prompt' THEN (
        SELECT p.last_activity_at FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND (p.prompt_copies > 0 OR p.completed_at IS NOT NULL)
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
      ELSE (
        SELECT p.last_activity_at FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND p.completed_at IS NOT NULL
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
    END
  $$;

CREATE OR REPLACE FUNCTION app.program_step_done(p_user uuid, p_content uuid, p_kind text, p_since timestamptz) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT app.program_step_done_at(p_user, p_content, p_kind, p_since) IS NOT NULL $$;

-- Every step of a program for one member since `p_since` (their enrolment). A step is available when
-- published and assigned to a community the member belongs to that the program is assigned to. In a
-- sequential program a step counts only when done after the required steps before it, and stays
-- locked (not done) while one of them is not.
CREATE OR REPLACE FUNCTION app.program_step_states(p_program uuid, p_user uuid, p_since timestamptz)
  RETURNS TABLE (step_position integer, content_id uuid, required boolean, kind text, title text, available boolean, done boolean)
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_sequential boolean;
  v_gate timestamptz := p_since;
  v_blocked boolean := false;
  v_done_at timestamptz;
  s record;
BEGIN
  SELECT p.sequential INTO v_sequential FROM public.programs p WHERE p.id = p_program;
  FOR s IN
    SELECT st.position, st.content_id, st.required, ci.kind, ci.title,
           ci.id IS NOT NULL AND ci.status = 'published' AND EXISTS (
             SELECT 1 FROM public.content_assignments ca
               JOIN public.community_members m ON m.community_id = ca.community_id
               JOIN public.program_assignments pa ON pa.community_id = ca.community_id AND pa.program_id = p_program
              WHERE ca.content_id = st.content_id AND m.user_id = p_user) AS available
      FROM public.program_steps st
      LEFT JOIN public.content_items ci ON ci.id = st.content_id
     WHERE st.program_id = p_program
     ORDER BY st.position
  LOOP
    v_done_at := NULL;
    IF s.available AND NOT (coalesce(v_sequential, false) AND v_blocked) THEN
      v_done_at := app.program_step_done_at(p_user, s.content_id, s.kind, CASE WHEN coalesce(v_sequential, false) THEN v_gate ELSE p_since END);
    END IF;
    IF coalesce(v_sequential, false) AND s.available AND s.required THEN
      IF v_done_at IS NULL THEN v_blocked := true; ELSE v_gate := greatest(v_gate, v_done_at); END IF;
    END IF;
    step_position := s.position; content_id := s.content_id; required := s.required; kind := s.kind; title := s.title;
    available := s.available; done := v_done_at IS NOT NULL;
    RETURN NEXT;
  END LOOP;
END $$;

-- What a certificate rests on: each counted step, how it was done, and for exercises the attempt,
-- its evaluator and whether a person reviewed it. `assessed` is a graded exercise's pass; everything
-- else is the member's own activity (self-reported).
CREATE FUNCTION app.program_evidence(p_program uuid, p_user uuid, p_since timestamptz) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'contentId', st.content_id, 'title', st.title, 'kind', st.kind, 'required', st.required,
             'assessed', coalesce(d.graded, false),
             'attemptId', att.id, 'evaluatorModel', att.evaluator_model, 'evaluatorOffline', att.evaluator_offline,
             'reviewed', att.status = 'reviewed') ORDER BY st.step_position), '[]'::jsonb)
      FROM app.program_step_states(p_program, p_user, p_since) st
      LEFT JOIN public.exercise_details d ON st.kind = 'exercise' AND d.content_id = st.content_id
      LEFT JOIN LATERAL (
        SELECT a.id, a.status, a.evaluator_model, a.evaluator_offline FROM public.exercise_attempts a
         WHERE st.kind = 'exercise' AND a.user_id = p_user AND a.exercise_id = st.content_id
           AND a.submitted_at >= coalesce(p_since, '-infinity'::timestamptz)
           AND CASE WHEN coalesce(d.graded, false) THEN coalesce(CASE a.status WHEN 'reviewed' THEN a.review_passed WHEN 'evaluated' THEN a.passed END, false)
                    ELSE a.status IN ('evaluated', 'reviewed') END
         ORDER BY a.submitted_at LIMIT 1) att ON true
     WHERE st.available AND st.done
  $$;

-- ---------------------------------------------------------------------------------------------
-- 3. Certificates.

ALTER TABLE certificates
  ADD COLUMN IF NOT EXISTS revoked_at timestamptz,
  ADD COLUMN IF NOT EXISTS revoked_reason text CHECK (length(revoked_reason) BETWEEN 1 AND 1000),
  ADD COLUMN IF NOT EXISTS suspended_at timestamptz,
  ADD COLUMN IF NOT EXISTS revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS evidence jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(evidence) = 'array');
CREATE INDEX IF NOT EXISTS certificates_revoked_by_idx ON certificates (revoked_by);
CREATE INDEX certificates_evidence_idx ON certificates USING gin (evidence jsonb_path_ops);

-- Admins revoke through the app: only these columns, only their rows.
GRANT UPDATE (revoked, revoked_at, revoked_reason, revoked_by) ON certificates TO aigym_app;
CREATE POLICY certificates_update ON certificates FOR UPDATE TO aigym_app USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- After a review of `p_attempt`: certificates whose evidence names it are suspended when the step no
-- longer holds, and lifted when it holds again. Only an admin or a reviewer of the attempt's learner
-- may ask, and it changes only what is true. Returns the certificates it changed.
CREATE FUNCTION app.recheck_certificates_for_attempt(p_attempt uuid)
  RETURNS TABLE (certificate_id uuid, user_id uuid, holder_name text, program_title text, suspended boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_owner uuid;
  c record;
  v_holds boolean;
BEGIN
  SELECT a.user_id INTO v_owner FROM public.exercise_attempts a WHERE a.id = p_attempt;
  IF NOT coalesce(app.is_admin() OR v_owner IN (SELECT app.my_reviewable_user_ids()), false) THEN
    RETURN;
  END IF;
  FOR c IN
    SELECT ce.id, ce.user_id, ce.holder_name, ce.program_title, ce.suspended_at, ce.program_id, en.enrolled_at, el->>'contentId' AS content_id
      FROM public.certificates ce
      JOIN public.program_enrolments en ON en.id = ce.enrolment_id
      CROSS JOIN LATERAL jsonb_array_elements(ce.evidence) el
     WHERE ce.user_id = v_owner AND NOT ce.revoked
       AND ce.evidence @> jsonb_build_array(jsonb_build_object('attemptId', p_attempt))
       AND el->>'attemptId' = p_attempt::text
  LOOP
    v_holds := app.program_step_done(c.user_id, c.content_id::uuid, 'exercise', c.enrolled_at);
    IF NOT v_holds AND c.suspended_at IS NULL THEN
      UPDATE public.certificates SET suspended_at = now() WHERE id = c.id;
      certificate_id := c.id; user_id := c.user_id; holder_name := c.holder_name; program_title := c.program_title; suspended := true;
      RETURN NEXT;
    ELSIF v_holds AND c.suspended_at IS NOT NULL THEN
      UPDATE public.certificates SET suspended_at = NULL WHERE id = c.id;
      certificate_id := c.id; user_id := c.user_id; holder_name := c.holder_name; program_title := c.program_title; suspended := false;
      RETURN NEXT;
    END IF;
  END LOOP;
END $$;

DROP FUNCTION app.verify_certificate(text);
CREATE FUNCTION app.verify_certificate(p_code text)
  RETURNS TABLE (holder_name text, program_title text, issued_at timestamptz, expires_at timestamptz, revoked boolean,
                 revoked_at timestamptz, suspended_at timestamptz, evidence jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT c.holder_name, c.program_title, c.issued_at, c.expires_at, c.revoked, c.revoked_at, c.suspended_at, c.evidence
          FROM public.certificates c WHERE c.code = p_code $$;

-- Completion counts from the enrolment (every cycle), and the certificate keeps its evidence.
CREATE OR REPLACE FUNCTION app.refresh_program_completion(p_user uuid, p_program uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  e record;
  v_total integer;
  v_done integer;
  v_count integer := 0;
BEGIN
  FOR e IN
    SELECT en.id, en.program_id, en.user_id, en.cycle, en.enrolled_at, p.title, p.certificate_enabled, p.certificate_valid_days
      FROM public.program_enrolments en
      JOIN public.programs p ON p.id = en.program_id
     WHERE en.completed_at IS NULL AND p.status = 'published'
       AND en.user_id = coalesce(p_user, en.user_id)
       AND en.program_id = coalesce(p_program, en.program_id)
  LOOP
    SELECT count(*) FILTER (WHERE counted), count(*) FILTER (WHERE counted AND done)
      INTO v_total, v_done
      FROM (
        SELECT st.done, st.available AND (st.required OR NOT bool_or(st.available AND st.required) OVER ()) AS counted
          FROM app.program_step_states(e.program_id, e.user_id, e.enrolled_at) st
      ) s;
    IF v_total > 0 AND v_done = v_total THEN
      UPDATE public.program_enrolments SET completed_at = now() WHERE id = e.id AND completed_at IS NULL;
      -- A concurrent transaction that completed it first leaves nothing to do here.
      IF FOUND THEN
        v_count := v_count + 1;
        IF e.certificate_enabled THEN
          INSERT INTO public.certificates (code, user_id, program_id, enrolment_id, holder_name, program_title, issued_at, expires_at, evidence)
          SELECT translate(rtrim(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '='), '+/', '-_'),
                 e.user_id, e.program_id, e.id, u.display_name, e.title, now(),
                 CASE WHEN e.certificate_valid_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * e.certificate_valid_days) END,
                 app.program_evidence(e.program_id, e.user_id, e.enrolled_at)
            FROM public.users u WHERE u.id = e.user_id
          ON CONFLICT (enrolment_id) DO NOTHING;
        END IF;
      END IF;
    END IF;
  END LOOP;
  RETURN v_count;
END $$;

-- Managers are staff of their community, not its learners: only `member` rows enrol.
CREATE OR REPLACE FUNCTION app.enrol_program_members(p_program uuid, p_community uuid, p_user uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_count integer;
BEGIN
  INSERT INTO public.program_enrolments (program_id, user_id, cycle, enrolled_at, due_at)
  SELECT DISTINCT p.id, m.user_id, 1, now(), CASE WHEN p.due_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * p.due_days) END
    FROM public.programs p
    JOIN public.program_assignments a ON a.program_id = p.id
    JOIN public.community_members m ON m.community_id = a.community_id AND m.role = 'member'
    JOIN public.users u ON u.id = m.user_id AND u.role <> 'admin'
   WHERE p.status = 'published'
     AND p.id = coalesce(p_program, p.id)
     AND a.community_id = coalesce(p_community, a.community_id)
     AND m.user_id = coalesce(p_user, m.user_id)
     AND NOT EXISTS (SELECT 1 FROM public.program_enrolments e WHERE e.program_id = p.id AND e.user_id = m.user_id)
  ON CONFLICT (program_id, user_id, cycle) DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;

-- Reminders go to learners (member rows) only, and "due soon" only to someone enrolled before the
-- reminder window opened: a one-day program is not "due soon" ten seconds after enrolment.
CREATE OR REPLACE FUNCTION app.claim_program_reminders(p_now timestamptz, p_days_before integer)
  RETURNS TABLE (program_id uuid, user_id uuid, kind text, period integer, email text, display_name text, program_title text, due_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH candidates AS (
      SELECT e.program_id, e.user_id, e.cycle, e.due_at,
             CASE WHEN e.due_at <= p_now THEN 'overdue' ELSE 'due_soon' END AS kind
        FROM public.program_enrolments e
        JOIN public.programs p ON p.id = e.program_id AND p.status = 'published'
       WHERE e.completed_at IS NULL AND e.due_at IS NOT NULL
         AND e.due_at <= p_now + make_interval(hours => 24 * p_days_before)
         AND (e.due_at <= p_now OR e.enrolled_at < e.due_at - make_interval(hours => 24 * p_days_before))
         AND NOT EXISTS (SELECT 1 FROM public.program_enrolments later WHERE later.program_id = e.program_id AND later.user_id = e.user_id AND later.cycle > e.cycle)
         AND EXISTS (SELECT 1 FROM public.program_assignments a JOIN public.community_members m ON m.community_id = a.community_id AND m.role = 'member'
                      WHERE a.program_id = e.program_id AND m.user_id = e.user_id)
    ), claimed AS (
      INSERT INTO public.reminders_sent (program_id, user_id, kind, period, sent_at)
      SELECT c.program_id, c.user_id, c.kind, c.cycle, p_now FROM candidates c
      ON CONFLICT DO NOTHING
      RETURNING reminders_sent.program_id, reminders_sent.user_id, reminders_sent.kind, reminders_sent.period
    )
    SELECT cl.program_id, cl.user_id, cl.kind, cl.period, u.email, u.display_name, p.title, c.due_at
      FROM claimed cl
      JOIN candidates c ON c.program_id = cl.program_id AND c.user_id = cl.user_id
      JOIN public.users u ON u.id = cl.user_id AND u.status = 'active'
      JOIN public.programs p ON p.id = cl.program_id
  $$;

-- When steps change after members started and the trainer says completed members must do the new
-- steps: their enrolments reopen (the certificate they hold stays, as earned). Admins only.
CREATE FUNCTION app.reopen_program_enrolments(p_program uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_count integer;
BEGIN
  IF NOT app.is_admin() THEN RETURN 0; END IF;
  UPDATE public.program_enrolments e SET completed_at = NULL
   WHERE e.program_id = p_program AND e.completed_at IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public.program_enrolments later WHERE later.program_id = e.program_id AND later.user_id = e.user_id AND later.cycle > e.cycle);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM app.refresh_program_completion(NULL, p_program);
  RETURN v_count;
END $$;

REVOKE ALL ON FUNCTION app.program_step_done_at(uuid, uuid, text, timestamptz), app.program_evidence(uuid, uuid, timestamptz),
  app.recheck_certificates_for_attempt(uuid), app.verify_certificate(text), app.reopen_program_enrolments(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.program_step_done_at(uuid, uuid, text, timestamptz), app.program_evidence(uuid, uuid, timestamptz),
  app.recheck_certificates_for_attempt(uuid), app.verify_certificate(text), app.reopen_program_enrolments(uuid) TO aigym_app;

-- Who to tell about a learner's attempt or certificate: active admins and the reviewers of the
-- learner's communities. Asked by the learner (an appeal) or by whoever may review them; the
-- addresses stay on the server (mail), never in a response.
CREATE FUNCTION app.review_trainers(p_user uuid) RETURNS TABLE (email text, display_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT u.email, u.display_name FROM public.users u
     WHERE u.status = 'active' AND u.id <> p_user
       AND (u.role = 'admin' OR u.id IN (SELECT r.user_id FROM public.community_reviewers r
                                           JOIN public.community_members m ON m.community_id = r.community_id WHERE m.user_id = p_user))
       AND (p_user = app.current_user_id() OR app.is_admin() OR p_user IN (SELECT app.my_reviewable_user_ids()))
  $$;
REVOKE ALL ON FUNCTION app.review_trainers(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.review_trainers(uuid) TO aigym_app;

-- The review queue: attempts of the caller's reviewed communities (every community for admins; one
-- with `p_community`) that wait for a person, each once, with the strongest reason: an open appeal,
-- an evaluator that disagreed with itself (samples further apart than `p_max_spread`), any other
-- needs-review, a graded score within `p_near` points of the pass mark, or the 10 % sample of passes.
-- Every attempt is considered, not only a learner's latest.
CREATE FUNCTION app.review_queue(p_community uuid, p_near integer, p_max_spread integer)
  RETURNS TABLE (attempt_id uuid, reason text, waiting_since timestamptz, exercise_id uuid, exercise_title text, user_id uuid,
                 learner_name text, attempt_number integer, status text, score integer, passed boolean, pass_mark integer,
                 graded boolean, appeal_criterion_id text, appeal_text text, appeal_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH scope AS (
      SELECT DISTINCT m.user_id FROM public.community_members m
       WHERE m.community_id = coalesce(p_community, m.community_id)
         AND (app.is_admin() OR m.community_id = ANY (ARRAY(SELECT app.my_reviewed_community_ids())))
         AND m.user_id <> app.current_user_id()
    ), waiting AS (
      SELECT a.*, d.pass_mark, d.graded AS exercise_graded, ci.title AS exercise_title,
             CASE
               WHEN a.appeal_at IS NOT NULL AND a.appeal_resolved_at IS NULL THEN 'appeal'
               WHEN a.status = 'needs_review' AND coalesce((to_jsonb(a) ->> 'evaluator_spread')::integer, 0) > p_max_spread THEN 'disagreement'
               WHEN a.status = 'needs_review' THEN 'needs_review'
               WHEN a.status = 'evaluated' AND a.passed IS NOT NULL AND abs(a.score - d.pass_mark) <= p_near THEN 'near_pass_mark'
               WHEN a.status = 'evaluated' AND a.sampled THEN 'sampled'
             END AS reason
        FROM public.exercise_attempts a
        JOIN public.exercise_details d ON d.content_id = a.exercise_id
        JOIN public.content_items ci ON ci.id = a.exercise_id
       WHERE a.user_id IN (SELECT s.user_id FROM scope s)
         AND (a.status IN ('needs_review', 'evaluated') OR (a.appeal_at IS NOT NULL AND a.appeal_resolved_at IS NULL))
    )
    SELECT w.id, w.reason, CASE WHEN w.reason = 'appeal' THEN w.appeal_at ELSE coalesce(w.evaluated_at, w.submitted_at, w.created_at) END,
           w.exercise_id, w.exercise_title, w.user_id, u.display_name, w.attempt_number, w.status, w.score, w.passed, w.pass_mark,
           w.exercise_graded, w.appeal_criterion_id, w.appeal_text, w.appeal_at
      FROM waiting w JOIN public.users u ON u.id = w.user_id
     WHERE w.reason IS NOT NULL
     ORDER BY 3, 1
     LIMIT 500
  $$;

-- What a reviewer needs to score one attempt they may review (admins any): the exercise and the learner's name.
CREATE FUNCTION app.review_attempt_context(p_attempt uuid)
  RETURNS TABLE (user_id uuid, learner_name text, exercise_id uuid, exercise_title text, brief text, rubric jsonb, pass_mark integer, graded boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT a.user_id, u.display_name, a.exercise_id, ci.title, d.brief, d.rubric, d.pass_mark, d.graded
      FROM public.exercise_attempts a
      JOIN public.users u ON u.id = a.user_id
      JOIN public.exercise_details d ON d.content_id = a.exercise_id
      JOIN public.content_items ci ON ci.id = a.exercise_id
     WHERE a.id = p_attempt AND a.user_id <> app.current_user_id()
       AND (app.is_admin() OR a.user_id IN (SELECT app.my_reviewable_user_ids()))
  $$;
REVOKE ALL ON FUNCTION app.review_queue(uuid, integer, integer), app.review_attempt_context(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.review_queue(uuid, integer, integer), app.review_attempt_context(uuid) TO aigym_app;

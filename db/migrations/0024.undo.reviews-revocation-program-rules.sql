-- Back to migrations 0009 and 0014: no reviewers, no appeal or sample, no revocation details, and
-- the program functions as they were.
DROP FUNCTION app.review_attempt_context(uuid);
DROP FUNCTION app.review_queue(uuid, integer, integer);
DROP FUNCTION app.review_trainers(uuid);
DROP FUNCTION app.reopen_program_enrolments(uuid);
DROP FUNCTION app.recheck_certificates_for_attempt(uuid);
DROP FUNCTION app.verify_certificate(text);
CREATE FUNCTION app.verify_certificate(p_code text)
  RETURNS TABLE (holder_name text, program_title text, issued_at timestamptz, expires_at timestamptz, revoked boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT c.holder_name, c.program_title, c.issued_at, c.expires_at, c.revoked FROM public.certificates c WHERE c.code = p_code $$;
REVOKE ALL ON FUNCTION app.verify_certificate(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.verify_certificate(text) TO aigym_app;

CREATE OR REPLACE FUNCTION app.program_step_done(p_user uuid, p_content uuid, p_kind text, p_since timestamptz) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE p_kind
      WHEN 'agent' THEN EXISTS (
        SELECT 1 FROM public.usage_daily u
         WHERE u.user_id = p_user AND u.agent_id = p_content AND u.messages > 0
           AND u.day >= coalesce((p_since AT TIME ZONE 'UTC')::date, '-infinity'::date))
      WHEN 'exercise' THEN EXISTS (
        SELECT 1 FROM public.exercise_attempts a
         WHERE a.user_id = p_user AND a.exercise_id = p_content
           AND CASE a.status
                 WHEN 'reviewed' THEN a.review_passed OR NOT a.graded
                 WHEN 'evaluated' THEN coalesce(a.passed, NOT a.graded)
                 ELSE false END
           AND a.created_at >= coalesce(p_since, '-infinity'::timestamptz))
      WHEN 'prompt' THEN EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND (p.prompt_copies > 0 OR p.completed_at IS NOT NULL)
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
      ELSE EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND p.completed_at IS NOT NULL
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
    END
  $$;

CREATE OR REPLACE FUNCTION app.program_step_states(p_program uuid, p_user uuid, p_since timestamptz)
  RETURNS TABLE (step_position integer, content_id uuid, required boolean, kind text, title text, available boolean, done boolean)
  LANGUAGE sql STABLE
  AS $$
    SELECT s.position, s.content_id, s.required, ci.kind, ci.title,
           ci.id IS NOT NULL AND ci.status = 'published' AND EXISTS (
             SELECT 1 FROM public.content_assignments ca
               JOIN public.community_members m ON m.community_id = ca.community_id
              WHERE ca.content_id = s.content_id AND m.user_id = p_user),
           ci.id IS NOT NULL AND app.program_step_done(p_user, s.content_id, ci.kind, p_since)
      FROM public.program_steps s
      LEFT JOIN public.content_items ci ON ci.id = s.content_id
     WHERE s.program_id = p_program
     ORDER BY s.position
  $$;

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
          FROM app.program_step_states(e.program_id, e.user_id, CASE WHEN e.cycle > 1 THEN e.enrolled_at END) st
      ) s;
    IF v_total > 0 AND v_done = v_total THEN
      UPDATE public.program_enrolments SET completed_at = now() WHERE id = e.id AND completed_at IS NULL;
      -- A concurrent transaction that completed it first leaves nothing to do here.
      IF FOUND THEN
        v_count := v_count + 1;
        IF e.certificate_enabled THEN
          INSERT INTO public.certificates (code, user_id, program_id, enrolment_id, holder_name, program_title, issued_at, expires_at)
          SELECT translate(rtrim(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '='), '+/', '-_'),
                 e.user_id, e.program_id, e.id, u.display_name, e.title, now(),
                 CASE WHEN e.certificate_valid_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * e.certificate_valid_days) END
            FROM public.users u WHERE u.id = e.user_id;
        END IF;
      END IF;
    END IF;
  END LOOP;
  RETURN v_count;
END $$;

CREATE OR REPLACE FUNCTION app.enrol_program_members(p_program uuid, p_community uuid, p_user uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_count integer;
BEGIN
  INSERT INTO public.program_enrolments (program_id, user_id, cycle, enrolled_at, due_at)
  SELECT DISTINCT p.id, m.user_id, 1, now(), CASE WHEN p.due_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * p.due_days) END
    FROM public.programs p
    JOIN public.program_assignments a ON a.program_id = p.id
    JOIN public.community_members m ON m.community_id = a.community_id
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
         AND NOT EXISTS (SELECT 1 FROM public.program_enrolments later WHERE later.program_id = e.program_id AND later.user_id = e.user_id AND later.cycle > e.cycle)
         AND EXISTS (SELECT 1 FROM public.program_assignments a JOIN public.community_members m ON m.community_id = a.community_id
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

DROP FUNCTION app.program_evidence(uuid, uuid, timestamptz);
DROP FUNCTION app.program_step_done_at(uuid, uuid, text, timestamptz);

DROP POLICY certificates_update ON certificates;
REVOKE UPDATE (revoked) ON certificates FROM aigym_app;
DROP INDEX certificates_evidence_idx;
ALTER TABLE certificates DROP COLUMN evidence, DROP COLUMN revoked_by, DROP COLUMN suspended_at, DROP COLUMN revoked_reason, DROP COLUMN revoked_at;

DROP POLICY exercise_attempts_select ON exercise_attempts;
DROP POLICY exercise_attempts_update ON exercise_attempts;
CREATE POLICY exercise_attempts_select ON exercise_attempts FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
);
CREATE POLICY exercise_attempts_update ON exercise_attempts FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_managed_user_ids()))
  WITH CHECK ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_managed_user_ids()));

DROP TRIGGER exercise_attempts_review_guard ON exercise_attempts;
DROP FUNCTION app.exercise_attempts_review_guard();
DROP INDEX exercise_attempts_waiting_idx;
ALTER TABLE exercise_attempts DROP CONSTRAINT exercise_attempts_appeal_whole,
  DROP COLUMN appeal_resolved_at, DROP COLUMN appeal_at, DROP COLUMN appeal_text, DROP COLUMN appeal_criterion_id,
  DROP COLUMN sampled, DROP COLUMN review_criteria;

DROP TABLE community_reviewers;
DROP FUNCTION app.my_reviewable_user_ids();
DROP FUNCTION app.my_reviewed_community_ids();
-- exercise_details.graded belongs to migration 0023 where it ran; without it, it was added here.
DO $$
BEGIN
  IF to_regclass('public.exercise_calibrations') IS NULL THEN
    ALTER TABLE public.exercise_details DROP COLUMN IF EXISTS graded;
  END IF;
END $$;

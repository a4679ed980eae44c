-- The exercise step rule of 0014: only a pass counts.
CREATE OR REPLACE FUNCTION app.program_step_done(p_user uuid, p_content uuid, p_kind text, p_since timestamptz) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE p_kind
      -- Chatted with: at least one message of theirs to the agent.
      WHEN 'agent' THEN EXISTS (
        SELECT 1 FROM public.usage_daily u
         WHERE u.user_id = p_user AND u.agent_id = p_content AND u.messages > 0
           AND u.day >= coalesce((p_since AT TIME ZONE 'UTC')::date, '-infinity'::date))
      -- Passed: any scored attempt that passed; a reviewer's verdict replaces the evaluator's.
      WHEN 'exercise' THEN EXISTS (
        SELECT 1 FROM public.exercise_attempts a
         WHERE a.user_id = p_user AND a.exercise_id = p_content
           AND CASE a.status WHEN 'reviewed' THEN a.review_passed WHEN 'evaluated' THEN a.passed ELSE false END
           AND a.created_at >= coalesce(p_since, '-infinity'::timestamptz))
      -- Copied (or used in the sandbox, which records a copy).
      WHEN 'prompt' THEN EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND (p.prompt_copies > 0 OR p.completed_at IS NOT NULL)
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
      -- Documents, videos, automations: marked completed.
      ELSE EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND p.completed_at IS NOT NULL
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
    END
  $$;
DROP FUNCTION app.exercise_calibration_passed(uuid, text);
DROP TABLE exercise_calibrations;
DROP TRIGGER exercise_attempts_scoring_guard ON exercise_attempts;
DROP FUNCTION app.exercise_attempts_scoring_guard();
ALTER TABLE exercise_attempts DROP CONSTRAINT exercise_attempts_evaluated_scored;
-- Practice attempts have no verdict; the restored rule needs one, so they count as not passed.
UPDATE exercise_attempts SET passed = false WHERE status = 'evaluated' AND passed IS NULL;
ALTER TABLE exercise_attempts ADD CONSTRAINT exercise_attempts_check1 CHECK (status <> 'evaluated' OR (score IS NOT NULL AND passed IS NOT NULL));
DROP INDEX exercise_attempts_evaluator_connection_idx;
ALTER TABLE exercise_attempts
  DROP COLUMN evaluator_spread, DROP COLUMN evaluator_samples, DROP COLUMN evaluator_connection_id,
  DROP COLUMN rubric_version, DROP COLUMN graded;
ALTER TABLE exercise_details DROP COLUMN exemplars, DROP COLUMN reference_answer, DROP COLUMN graded;

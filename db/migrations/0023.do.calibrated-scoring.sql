-- Scores a training lead can trust (§10.1, ADR 0035). An exercise is practice unless `graded`; a
-- graded exercise carries the trainer's reference answer and scored examples (the calibration set),
-- and is published only after a calibration run of its current rubric, examples and evaluator passed.

ALTER TABLE exercise_details
  ADD COLUMN graded boolean NOT NULL DEFAULT false,
  ADD COLUMN reference_answer text NOT NULL DEFAULT '' CHECK (length(reference_answer) <= 20000),
  -- [{id, text, scores: [{criterionId, score}]}], 0–50 examples; the shape is checked by the API's schema.
  ADD COLUMN exemplars jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(exemplars) = 'array' AND jsonb_array_length(exemplars) <= 50);

-- Each attempt records what it was scored against: the rubric version (a fingerprint of rubric,
-- examples and evaluator), the connection, whether it was graded, and each sample's scores.
ALTER TABLE exercise_attempts
  ADD COLUMN graded boolean NOT NULL DEFAULT false,
  ADD COLUMN rubric_version text CHECK (length(rubric_version) <= 100),
  ADD COLUMN evaluator_connection_id uuid REFERENCES ai_connections (id) ON DELETE SET NULL,
  -- [[{criterionId, score}], …] one list per sample; the spread decides whether a person reviews.
  ADD COLUMN evaluator_samples jsonb,
  ADD COLUMN evaluator_spread integer CHECK (evaluator_spread BETWEEN 0 AND 100);
CREATE INDEX exercise_attempts_evaluator_connection_idx ON exercise_attempts (evaluator_connection_id) WHERE evaluator_connection_id IS NOT NULL;

-- A practice attempt is scored without a verdict: `passed` stays null. The old rule (an evaluated
-- attempt has a score and a verdict) becomes: it has a score, and a verdict when graded.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'public.exercise_attempts'::regclass AND contype = 'c'
              AND pg_get_constraintdef(oid) LIKE '%''evaluated''%' AND pg_get_constraintdef(oid) LIKE '%passed IS NOT NULL%'
  LOOP
    EXECUTE format('ALTER TABLE public.exercise_attempts DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE exercise_attempts ADD CONSTRAINT exercise_attempts_evaluated_scored
  CHECK (status <> 'evaluated' OR (score IS NOT NULL AND (passed IS NOT NULL OR NOT graded)));

GRANT UPDATE (graded, rubric_version, evaluator_connection_id, evaluator_samples, evaluator_spread) ON exercise_attempts TO aigym_app;

-- A reviewer still changes only the review: the new evaluation columns join the guarded list.
CREATE OR REPLACE FUNCTION app.exercise_attempts_scoring_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_user = 'aigym_app' AND OLD.user_id IS DISTINCT FROM app.current_user_id()
     AND (NEW.graded, NEW.rubric_version, NEW.evaluator_connection_id, NEW.evaluator_samples, NEW.evaluator_spread)
         IS DISTINCT FROM (OLD.graded, OLD.rubric_version, OLD.evaluator_connection_id, OLD.evaluator_samples, OLD.evaluator_spread) THEN
    RAISE EXCEPTION 'a reviewer changes only the review' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION app.exercise_attempts_scoring_guard() FROM PUBLIC;
CREATE TRIGGER exercise_attempts_scoring_guard BEFORE UPDATE ON exercise_attempts FOR EACH ROW EXECUTE FUNCTION app.exercise_attempts_scoring_guard();

-- Calibration runs: the exercise's evaluator against the trainer's scored examples and built-in
-- gaming answers. Admins start and read them; `fingerprint` names the rubric, examples and
-- evaluator the run measured, so a later change makes it stale.
CREATE TABLE exercise_calibrations (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  exercise_id             uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  status                  text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'passed', 'failed')),
  fingerprint             text NOT NULL CHECK (length(fingerprint) <= 100),
  evaluator_model         text NOT NULL CHECK (length(evaluator_model) <= 200),
  evaluator_offline       boolean NOT NULL,
  evaluator_connection_id uuid REFERENCES ai_connections (id) ON DELETE SET NULL,
  -- The measures, the thresholds missed and the worst disagreements, as the API answers them.
  measures                jsonb,
  failures                jsonb NOT NULL DEFAULT '[]'::jsonb,
  disagreements           jsonb NOT NULL DEFAULT '[]'::jsonb,
  error                   text CHECK (length(error) <= 1000),
  created_by              uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  finished_at             timestamptz,
  CHECK (status = 'running' OR finished_at IS NOT NULL)
);
CREATE INDEX exercise_calibrations_exercise_idx ON exercise_calibrations (exercise_id, created_at DESC);
CREATE INDEX exercise_calibrations_connection_idx ON exercise_calibrations (evaluator_connection_id) WHERE evaluator_connection_id IS NOT NULL;

ALTER TABLE exercise_calibrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE exercise_calibrations FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON exercise_calibrations TO aigym_app;
CREATE POLICY exercise_calibrations_select ON exercise_calibrations FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));
CREATE POLICY exercise_calibrations_insert ON exercise_calibrations FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY exercise_calibrations_update ON exercise_calibrations FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- Whether an exercise the caller can see has a passed calibration of this fingerprint: a learner's
-- submit asks it (they may not read calibration runs), and learns only yes or no.
CREATE FUNCTION app.exercise_calibration_passed(p_exercise uuid, p_fingerprint text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM public.exercise_calibrations c
       WHERE c.exercise_id = p_exercise AND c.fingerprint = p_fingerprint AND c.status = 'passed')
  $$;
REVOKE ALL ON FUNCTION app.exercise_calibration_passed(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.exercise_calibration_passed(uuid, text) TO aigym_app;

-- A program's exercise step (§9.2, §10.1): a graded exercise needs a pass (a reviewer's verdict
-- replaces the evaluator's); a practice exercise is done once an attempt is scored.
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

-- Workouts: graded practice. An `exercise` is a sixth content kind (its details below); each try at
-- one is an attempt, owned by the member, scored against the exercise's rubric by an evaluator.
-- The member sees their own attempts; managers of a community the member belongs to, and admins,
-- see the scores (the transcript only through app.shared_attempt_transcript, while shared).

ALTER TABLE content_items DROP CONSTRAINT content_items_kind_check;
ALTER TABLE content_items ADD CONSTRAINT content_items_kind_check
  CHECK (kind IN ('agent', 'video', 'document', 'prompt', 'automation', 'exercise'));

CREATE TABLE exercise_details (
  content_id             uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  brief                  text NOT NULL CHECK (length(brief) BETWEEN 1 AND 20000),
  -- The agent to practise with; an exercise may have none (answer only).
  practice_agent_id      uuid REFERENCES content_items (id) ON DELETE SET NULL,
  -- [{id, title, description, weight}], 1–8 criteria; the shape is checked by the API's schema.
  rubric                 jsonb NOT NULL CHECK (jsonb_typeof(rubric) = 'array' AND jsonb_array_length(rubric) BETWEEN 1 AND 8),
  pass_mark              integer NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
  max_attempts           integer CHECK (max_attempts BETWEEN 1 AND 100),
  evaluator_instructions text NOT NULL DEFAULT '' CHECK (length(evaluator_instructions) <= 10000)
);
CREATE INDEX exercise_details_agent_idx ON exercise_details (practice_agent_id);

ALTER TABLE exercise_details ENABLE ROW LEVEL SECURITY;
ALTER TABLE exercise_details FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON exercise_details TO aigym_app;
CREATE POLICY exercise_details_select ON exercise_details FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = content_id));
CREATE POLICY exercise_details_insert ON exercise_details FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY exercise_details_update ON exercise_details FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY exercise_details_delete ON exercise_details FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

CREATE TABLE exercise_attempts (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  exercise_id           uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  -- The sandbox conversation practised in (none when the exercise has no practice agent).
  conversation_id       uuid REFERENCES conversations (id) ON DELETE SET NULL,
  -- 1, 2, 3… per member and exercise: the unique key makes the attempt limit hold under races.
  attempt_number        integer NOT NULL CHECK (attempt_number >= 1),
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'evaluated', 'needs_review', 'reviewed')),
  answer                text CHECK (length(answer) <= 20000),
  score                 integer CHECK (score BETWEEN 0 AND 100),
  passed                boolean,
  -- [{criterionId, score, justification, evidence}] as the evaluator gave them.
  criteria              jsonb,
  feedback              text CHECK (length(feedback) <= 2000),
  evaluator_model       text CHECK (length(evaluator_model) <= 200),
  evaluator_offline     boolean,
  -- Why the last evaluation did not finish (provider down, output unusable); shown to the member.
  evaluation_error      text CHECK (length(evaluation_error) <= 1000),
  -- Set while an evaluation runs, so two submits cannot evaluate the same attempt at once.
  evaluation_started_at timestamptz,
  review_score          integer CHECK (review_score BETWEEN 0 AND 100),
  review_passed         boolean,
  review_reason         text CHECK (length(review_reason) BETWEEN 1 AND 2000),
  reviewed_by           uuid REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at           timestamptz,
  shared                boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  submitted_at          timestamptz,
  evaluated_at          timestamptz,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, exercise_id, attempt_number),
  CHECK (status = 'open' OR submitted_at IS NOT NULL),
  CHECK (status <> 'evaluated' OR (score IS NOT NULL AND passed IS NOT NULL)),
  CHECK (status <> 'reviewed' OR (review_score IS NOT NULL AND review_passed IS NOT NULL AND review_reason IS NOT NULL))
);
CREATE INDEX exercise_attempts_exercise_idx ON exercise_attempts (exercise_id, created_at);
CREATE INDEX exercise_attempts_owner_idx ON exercise_attempts (user_id, created_at DESC);
CREATE INDEX exercise_attempts_conversation_idx ON exercise_attempts (conversation_id);

-- Who may change what, whatever the policy lets through: the owner never writes a review; a
-- reviewer (manager or admin) writes only the review and the status it implies.
CREATE FUNCTION app.exercise_attempts_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_user = 'aigym_app' THEN
    IF NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.exercise_id IS DISTINCT FROM OLD.exercise_id
       OR NEW.attempt_number IS DISTINCT FROM OLD.attempt_number THEN
      RAISE EXCEPTION 'an attempt cannot move to another member or exercise' USING ERRCODE = '42501';
    END IF;
    IF OLD.user_id = app.current_user_id() THEN
      IF (NEW.review_score, NEW.review_passed, NEW.review_reason, NEW.reviewed_by, NEW.reviewed_at)
         IS DISTINCT FROM (OLD.review_score, OLD.review_passed, OLD.review_reason, OLD.reviewed_by, OLD.reviewed_at)
         OR NEW.status = 'reviewed' AND OLD.status <> 'reviewed' THEN
        RAISE EXCEPTION 'a member cannot review their own attempt' USING ERRCODE = '42501';
      END IF;
    ELSIF (NEW.conversation_id, NEW.answer, NEW.score, NEW.passed, NEW.criteria, NEW.feedback, NEW.evaluator_model,
           NEW.evaluator_offline, NEW.evaluation_error, NEW.evaluation_started_at, NEW.shared, NEW.submitted_at, NEW.evaluated_at)
        IS DISTINCT FROM (OLD.conversation_id, OLD.answer, OLD.score, OLD.passed, OLD.criteria, OLD.feedback, OLD.evaluator_model,
           OLD.evaluator_offline, OLD.evaluation_error, OLD.evaluation_started_at, OLD.shared, OLD.submitted_at, OLD.evaluated_at)
        OR NEW.status <> 'reviewed' THEN
      RAISE EXCEPTION 'a reviewer changes only the review' USING ERRCODE = '42501';
    END IF;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER exercise_attempts_guard BEFORE UPDATE ON exercise_attempts FOR EACH ROW EXECUTE FUNCTION app.exercise_attempts_guard();

-- A shared attempt's practice conversation, for a manager of one of the owner's communities. The
-- conversation tables stay owner-only; this is the one other way in, and it checks the share.
CREATE FUNCTION app.shared_attempt_transcript(p_attempt uuid)
  RETURNS TABLE (role text, text text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT m.role, m.text, m.created_at
      FROM public.exercise_attempts a
      JOIN public.messages m ON m.conversation_id = a.conversation_id AND m.user_id = a.user_id
     WHERE a.id = p_attempt
       AND a.shared
       AND a.user_id <> app.current_user_id()
       AND EXISTS (
         SELECT 1 FROM public.community_members owner_m
          JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id
         WHERE owner_m.user_id = a.user_id AND mgr.user_id = app.current_user_id() AND mgr.role = 'manager')
     ORDER BY m.created_at, m.id
  $$;

-- Who can read an attempt's transcript once it is shared: the managers of the owner's communities.
-- Answers only the owner (a member may not otherwise list their communities' managers).
CREATE FUNCTION app.attempt_readers(p_attempt uuid)
  RETURNS TABLE (user_id uuid, display_name text, community_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT u.id, u.display_name, c.name
      FROM public.exercise_attempts a
      JOIN public.community_members owner_m ON owner_m.user_id = a.user_id
      JOIN public.community_members mgr ON mgr.community_id = owner_m.community_id AND mgr.role = 'manager'
      JOIN public.users u ON u.id = mgr.user_id AND u.id <> a.user_id AND u.status = 'active'
      JOIN public.communities c ON c.id = owner_m.community_id
     WHERE a.id = p_attempt AND a.user_id = app.current_user_id()
     ORDER BY c.name, u.display_name
  $$;

REVOKE ALL ON FUNCTION app.exercise_attempts_guard(), app.shared_attempt_transcript(uuid), app.attempt_readers(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.shared_attempt_transcript(uuid), app.attempt_readers(uuid) TO aigym_app;

ALTER TABLE exercise_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE exercise_attempts FORCE ROW LEVEL SECURITY;
-- Attempts are history: never deleted through the app (they go with their member or exercise).
GRANT SELECT, INSERT ON exercise_attempts TO aigym_app;
GRANT UPDATE (conversation_id, status, answer, score, passed, criteria, feedback, evaluator_model, evaluator_offline,
  evaluation_error, evaluation_started_at, review_score, review_passed, review_reason, reviewed_by, reviewed_at,
  shared, submitted_at, evaluated_at, updated_at) ON exercise_attempts TO aigym_app;
CREATE POLICY exercise_attempts_select ON exercise_attempts FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
);
-- A member starts attempts only for themself, only at an exercise they can see, only open.
CREATE POLICY exercise_attempts_insert ON exercise_attempts FOR INSERT TO aigym_app WITH CHECK (
  user_id = (SELECT app.current_user_id())
  AND status = 'open'
  AND EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = exercise_id AND ci.kind = 'exercise')
);
CREATE POLICY exercise_attempts_update ON exercise_attempts FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_managed_user_ids()))
  WITH CHECK ((SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id()) OR user_id IN (SELECT app.my_managed_user_ids()));

INSERT INTO feature_flags (key, description, enabled)
VALUES ('exercises', 'Workouts: exercises scored against a rubric.', true)
ON CONFLICT (key) DO NOTHING;

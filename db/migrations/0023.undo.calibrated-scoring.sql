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

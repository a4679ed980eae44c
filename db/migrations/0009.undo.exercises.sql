DELETE FROM feature_flags WHERE key = 'exercises';
DROP TABLE exercise_attempts;
DROP FUNCTION app.attempt_readers(uuid);
DROP FUNCTION app.shared_attempt_transcript(uuid);
DROP FUNCTION app.exercise_attempts_guard();
DROP TABLE exercise_details;
DELETE FROM content_items WHERE kind = 'exercise';
ALTER TABLE content_items DROP CONSTRAINT content_items_kind_check;
ALTER TABLE content_items ADD CONSTRAINT content_items_kind_check
  CHECK (kind IN ('agent', 'video', 'document', 'prompt', 'automation'));

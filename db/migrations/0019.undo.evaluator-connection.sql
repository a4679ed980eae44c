-- Evaluations already spent stay counted, as chat (the only other single-answer source).
UPDATE ai_usage SET source = 'chat' WHERE source = 'evaluator';
ALTER TABLE ai_usage DROP CONSTRAINT ai_usage_source_check;
ALTER TABLE ai_usage ADD CONSTRAINT ai_usage_source_check CHECK (source IN ('chat', 'lab'));
DROP INDEX exercise_details_evaluator_connection_idx;
ALTER TABLE exercise_details DROP COLUMN evaluator_model, DROP COLUMN evaluator_connection_id;

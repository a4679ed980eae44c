-- An exercise's evaluator chooses its AI connection and model, as an agent does (ADR 0027). Without
-- a connection it uses the environment's provider (§6). A connection an evaluator uses cannot be
-- removed (the service says which exercises use it), exactly as for agents.
ALTER TABLE exercise_details
  ADD COLUMN evaluator_connection_id uuid REFERENCES ai_connections (id) ON DELETE RESTRICT,
  ADD COLUMN evaluator_model text CHECK (length(evaluator_model) BETWEEN 1 AND 200);
CREATE INDEX exercise_details_evaluator_connection_idx ON exercise_details (evaluator_connection_id) WHERE evaluator_connection_id IS NOT NULL;

-- Scoring an attempt spends like an answer: it is held against the community's budget before the
-- provider is called and settled with the provider's own token counts. `agent_id` then holds the
-- exercise's id (the column has no foreign key: it names the content the spend was for).
ALTER TABLE ai_usage DROP CONSTRAINT ai_usage_source_check;
ALTER TABLE ai_usage ADD CONSTRAINT ai_usage_source_check CHECK (source IN ('chat', 'lab', 'evaluator'));

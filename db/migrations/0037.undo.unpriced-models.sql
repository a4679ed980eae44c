REVOKE UPDATE (block_unpriced_models, default_input_per_million, default_output_per_million) ON community_budgets FROM aigym_app;
ALTER TABLE community_budgets
  DROP CONSTRAINT community_budgets_default_price_whole,
  DROP COLUMN default_output_per_million,
  DROP COLUMN default_input_per_million,
  DROP COLUMN block_unpriced_models;

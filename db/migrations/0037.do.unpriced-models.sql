-- Issue 25: a model without a price no longer costs 0 against a community's budget silently. Per
-- community, an admin either blocks unpriced models or prices them at a default price (per million
-- tokens, in the price table's currency). Neither set: they still cost 0, and the budget and
-- connection pages warn about them.
ALTER TABLE community_budgets
  ADD COLUMN block_unpriced_models boolean NOT NULL DEFAULT false,
  ADD COLUMN default_input_per_million numeric(14, 6) CHECK (default_input_per_million >= 0),
  ADD COLUMN default_output_per_million numeric(14, 6) CHECK (default_output_per_million >= 0),
  -- A default price is both figures or neither.
  ADD CONSTRAINT community_budgets_default_price_whole
    CHECK ((default_input_per_million IS NULL) = (default_output_per_million IS NULL));
GRANT UPDATE (block_unpriced_models, default_input_per_million, default_output_per_million) ON community_budgets TO aigym_app;

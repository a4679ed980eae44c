-- AI connections, prices, cost per answer and community budgets (ARCHITECTURE §9.3, ADR 0013).
-- Keys are stored only as AES-256-GCM ciphertext made by the server; the app role cannot even read
-- the ciphertext column: it reaches it through one narrow SECURITY DEFINER lookup.

CREATE TABLE ai_connections (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  provider          text NOT NULL CHECK (provider IN ('openai', 'openai-compatible', 'anthropic', 'google')),
  base_url          text CHECK (length(base_url) <= 500),
  api_key_encrypted text CHECK (length(api_key_encrypted) <= 4000),
  models            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(models) BETWEEN 1 AND 50),
  -- Whether members may pick this connection's models in the Prompt Lab.
  prompt_lab        boolean NOT NULL DEFAULT true,
  created_by        uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_by        uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ai_connections_name_key ON ai_connections (lower(name));
CREATE TRIGGER ai_connections_touch BEFORE UPDATE ON ai_connections FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

-- An agent may name a connection; without one it uses the environment's provider. A connection in
-- use cannot be removed (the service says which agents use it).
ALTER TABLE agent_details ADD COLUMN connection_id uuid REFERENCES ai_connections (id) ON DELETE RESTRICT;
CREATE INDEX agent_details_connection_idx ON agent_details (connection_id) WHERE connection_id IS NOT NULL;

-- Prices per model, one currency for the whole table (the service enforces it).
CREATE TABLE ai_prices (
  model              text PRIMARY KEY CHECK (length(model) BETWEEN 1 AND 200),
  input_per_million  numeric(14, 6) NOT NULL CHECK (input_per_million >= 0),
  output_per_million numeric(14, 6) NOT NULL CHECK (output_per_million >= 0),
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- What each answer cost, on the message itself (owner-only, like the message).
ALTER TABLE messages ADD COLUMN cost numeric(14, 6);

CREATE TABLE community_budgets (
  community_id           uuid PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  monthly_limit          numeric(14, 4) NOT NULL CHECK (monthly_limit >= 0),
  soft_limit_percent     integer NOT NULL DEFAULT 80 CHECK (soft_limit_percent BETWEEN 1 AND 100),
  per_member_daily_limit numeric(14, 4) CHECK (per_member_daily_limit >= 0),
  -- The first day of the month whose soft-threshold email was sent: once per period.
  soft_notified_month    date,
  updated_by             uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- The spend ledger: one row per answer, reserved (an estimate) before the provider is called and
-- settled (the real cost) after. Budgets and cost analytics read it; nobody reads transcripts.
CREATE TABLE ai_usage (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Kept when the member is deleted: the money was spent.
  user_id        uuid REFERENCES users (id) ON DELETE SET NULL,
  community_id   uuid REFERENCES communities (id) ON DELETE SET NULL,
  -- No foreign key: the cost of an agent that was later deleted still counts.
  agent_id       uuid,
  source         text NOT NULL CHECK (source IN ('chat', 'lab')),
  connection_id  uuid,
  model          text NOT NULL CHECK (length(model) <= 200),
  status         text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'settled')),
  reserved       numeric(14, 6) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  input_tokens   integer,
  output_tokens  integer,
  cost           numeric(14, 6),
  created_at     timestamptz NOT NULL DEFAULT now(),
  settled_at     timestamptz
);
CREATE INDEX ai_usage_community_idx ON ai_usage (community_id, created_at);
CREATE INDEX ai_usage_user_idx ON ai_usage (user_id, created_at);
CREATE INDEX ai_usage_created_idx ON ai_usage (created_at);

-- The Prompt Lab: one prompt sent to up to three models side by side, each answer kept.
CREATE TABLE lab_runs (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  prompt     text NOT NULL CHECK (length(prompt) BETWEEN 1 AND 8000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lab_runs_owner_idx ON lab_runs (user_id, created_at DESC);

CREATE TABLE lab_answers (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id         uuid NOT NULL REFERENCES lab_runs (id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  position       integer NOT NULL CHECK (position BETWEEN 0 AND 2),
  connection_id  uuid REFERENCES ai_connections (id) ON DELETE SET NULL,
  connection_name text NOT NULL CHECK (length(connection_name) <= 120),
  model          text NOT NULL CHECK (length(model) <= 200),
  text           text NOT NULL DEFAULT '' CHECK (length(text) <= 200000),
  status         text NOT NULL CHECK (status IN ('complete', 'stopped', 'error')),
  error          text CHECK (length(error) <= 1000),
  input_tokens   integer,
  output_tokens  integer,
  cost           numeric(14, 6),
  duration_ms    integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, position)
);

-- The narrow path to a key: the connection's settings with its ciphertext, for a signed-in caller.
-- Which connection a caller may use (their agent's, or a Prompt Lab one) is decided by the server;
-- the ciphertext is useless without the server's key.
CREATE FUNCTION app.ai_connection_secret(p_id uuid)
  RETURNS TABLE (id uuid, name text, provider text, base_url text, api_key_encrypted text, models text[], prompt_lab boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT c.id, c.name, c.provider, c.base_url, c.api_key_encrypted, c.models, c.prompt_lab
      FROM public.ai_connections c
     WHERE c.id = p_id AND app.current_user_id() IS NOT NULL
  $$;

-- Reserves the estimated cost of answers before any provider call, atomically: the budget row is
-- locked, so concurrent reservations of one community queue here and each sees the others' holds.
-- Refuses (creating nothing) once settled spend plus holds in flight reach the monthly limit, or the
-- member's daily allowance. Reservations older than 15 minutes were never settled (a crash) and no
-- longer hold money. Returns the ledger ids, or the refusal with the seconds until it lifts. The
-- reservation that first reaches the soft threshold in a month gets the addresses to alert (the
-- community's managers and the admins), exactly once per month.
CREATE FUNCTION app.reserve_ai_spend(p_community uuid, p_agent uuid, p_source text, p_connection uuid, p_models text[], p_estimates numeric[])
  RETURNS TABLE (usage_ids uuid[], refusal text, retry_after_seconds integer, spent numeric, monthly_limit numeric, alert_emails text[])
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_budget public.community_budgets%ROWTYPE;
  v_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  v_day date := (now() AT TIME ZONE 'UTC')::date;
  v_committed numeric := 0;
  v_member_today numeric := 0;
  v_ids uuid[] := '{}';
  v_id uuid;
  v_alert text[];
  i integer;
BEGIN
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'no identity' USING ERRCODE = '42501';
  END IF;
  IF p_community IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM public.community_members m WHERE m.community_id = p_community AND m.user_id = v_user) THEN
      RAISE EXCEPTION 'not a member of that community' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO v_budget FROM public.community_budgets b WHERE b.community_id = p_community FOR UPDATE;
    IF FOUND THEN
      SELECT coalesce(sum(CASE WHEN u.status = 'settled' THEN coalesce(u.cost, 0) ELSE u.reserved END), 0) INTO v_committed
        FROM public.ai_usage u
       WHERE u.community_id = p_community AND u.created_at >= v_month::timestamp AT TIME ZONE 'UTC'
         AND (u.status = 'settled' OR u.created_at > now() - interval '15 minutes');
      IF v_committed >= v_budget.monthly_limit THEN
        RETURN QUERY SELECT NULL::uuid[], 'monthly'::text,
          ceil(extract(epoch FROM ((v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC') - now()))::integer, v_committed, v_budget.monthly_limit, NULL::text[];
        RETURN;
      END IF;
      IF v_budget.per_member_daily_limit IS NOT NULL THEN
        SELECT coalesce(sum(CASE WHEN u.status = 'settled' THEN coalesce(u.cost, 0) ELSE u.reserved END), 0) INTO v_member_today
          FROM public.ai_usage u
         WHERE u.community_id = p_community AND u.user_id = v_user AND u.created_at >= v_day::timestamp AT TIME ZONE 'UTC'
           AND (u.status = 'settled' OR u.created_at > now() - interval '15 minutes');
        IF v_member_today >= v_budget.per_member_daily_limit THEN
          RETURN QUERY SELECT NULL::uuid[], 'daily'::text,
            ceil(extract(epoch FROM ((v_day + 1)::timestamp AT TIME ZONE 'UTC') - now()))::integer, v_committed, v_budget.monthly_limit, NULL::text[];
          RETURN;
        END IF;
      END IF;
    END IF;
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_models, 1), 0) LOOP
    INSERT INTO public.ai_usage (user_id, community_id, agent_id, source, connection_id, model, reserved)
    VALUES (v_user, p_community, p_agent, p_source, p_connection, p_models[i], greatest(coalesce(p_estimates[i], 0), 0))
    RETURNING ai_usage.id INTO STRICT v_id;
    v_ids := v_ids || v_id;
    v_committed := v_committed + greatest(coalesce(p_estimates[i], 0), 0);
  END LOOP;
  -- The soft threshold: the first reservation that reaches it this month tells the caller to notify.
  IF v_budget.community_id IS NOT NULL
     AND v_committed >= v_budget.monthly_limit * v_budget.soft_limit_percent / 100.0
     AND v_budget.soft_notified_month IS DISTINCT FROM v_month THEN
    UPDATE public.community_budgets SET soft_notified_month = v_month WHERE community_id = p_community;
    SELECT coalesce(array_agg(DISTINCT u.email ORDER BY u.email), '{}') INTO v_alert
      FROM public.users u
     WHERE u.status = 'active'
       AND (u.role = 'admin' OR u.id IN (SELECT m.user_id FROM public.community_members m WHERE m.community_id = p_community AND m.role = 'manager'));
  END IF;
  RETURN QUERY SELECT v_ids, NULL::text, NULL::integer, v_committed, v_budget.monthly_limit, v_alert;
END $$;

-- Settles one of the caller's own reservations with what the provider reported.
CREATE FUNCTION app.settle_ai_spend(p_usage uuid, p_input integer, p_output integer, p_cost numeric) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    UPDATE public.ai_usage
       SET status = 'settled', input_tokens = p_input, output_tokens = p_output, cost = greatest(coalesce(p_cost, 0), 0), settled_at = now()
     WHERE id = p_usage AND user_id = app.current_user_id() AND status = 'reserved'
  $$;

-- Committed spend of a community this month (settled plus live holds): budget status for its
-- members, managers and admins, without granting them the ledger's rows.
CREATE FUNCTION app.community_month_spend(p_community uuid) RETURNS numeric
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT coalesce(sum(CASE WHEN u.status = 'settled' THEN coalesce(u.cost, 0) ELSE u.reserved END), 0)
      FROM public.ai_usage u
     WHERE u.community_id = p_community
       AND u.created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
       AND (u.status = 'settled' OR u.created_at > now() - interval '15 minutes')
       AND (app.is_admin() OR p_community IN (SELECT app.my_community_ids()))
  $$;

REVOKE ALL ON FUNCTION app.ai_connection_secret(uuid), app.reserve_ai_spend(uuid, uuid, text, uuid, text[], numeric[]),
  app.settle_ai_spend(uuid, integer, integer, numeric), app.community_month_spend(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.ai_connection_secret(uuid), app.reserve_ai_spend(uuid, uuid, text, uuid, text[], numeric[]),
  app.settle_ai_spend(uuid, integer, integer, numeric), app.community_month_spend(uuid) TO aigym_app;

-- ai_connections: admins manage. Members see the Prompt Lab connections' names and models. Nobody
-- reads the key column through the app role: it is simply not granted.
ALTER TABLE ai_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_connections FORCE ROW LEVEL SECURITY;
GRANT SELECT (id, name, provider, base_url, models, prompt_lab, created_by, updated_by, created_at, updated_at) ON ai_connections TO aigym_app;
GRANT INSERT (id, name, provider, base_url, api_key_encrypted, models, prompt_lab, created_by, updated_by) ON ai_connections TO aigym_app;
GRANT UPDATE (name, provider, base_url, api_key_encrypted, models, prompt_lab, updated_by, updated_at) ON ai_connections TO aigym_app;
GRANT DELETE ON ai_connections TO aigym_app;
CREATE POLICY ai_connections_select ON ai_connections FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR (prompt_lab AND (SELECT app.current_user_id()) IS NOT NULL)
);
CREATE POLICY ai_connections_insert ON ai_connections FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY ai_connections_update ON ai_connections FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY ai_connections_delete ON ai_connections FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- ai_prices: every signed-in user reads (answers are priced as the member); admins write.
ALTER TABLE ai_prices ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_prices FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON ai_prices TO aigym_app;
CREATE POLICY ai_prices_select ON ai_prices FOR SELECT TO aigym_app USING ((SELECT app.current_user_id()) IS NOT NULL);
CREATE POLICY ai_prices_insert ON ai_prices FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY ai_prices_update ON ai_prices FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY ai_prices_delete ON ai_prices FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- community_budgets: admins write; the community's own members read (the banner and the refusal).
ALTER TABLE community_budgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_budgets FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON community_budgets TO aigym_app;
GRANT UPDATE (monthly_limit, soft_limit_percent, per_member_daily_limit, soft_notified_month, updated_by, updated_at) ON community_budgets TO aigym_app;
CREATE POLICY community_budgets_select ON community_budgets FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR community_id = ANY (ARRAY(SELECT app.my_community_ids()))
);
CREATE POLICY community_budgets_insert ON community_budgets FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY community_budgets_update ON community_budgets FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY community_budgets_delete ON community_budgets FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- ai_usage: read-only through the app (only the functions above write it). Admins see all; a
-- manager the rows of the communities they manage; a member their own.
ALTER TABLE ai_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_usage FORCE ROW LEVEL SECURITY;
GRANT SELECT ON ai_usage TO aigym_app;
CREATE POLICY ai_usage_select ON ai_usage FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR community_id = ANY (ARRAY(SELECT app.my_managed_community_ids()))
);

-- The Prompt Lab's runs and answers: their owner only, like conversations.
ALTER TABLE lab_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE lab_runs FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON lab_runs TO aigym_app;
CREATE POLICY lab_runs_owner ON lab_runs FOR ALL TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()));

ALTER TABLE lab_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE lab_answers FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON lab_answers TO aigym_app;
CREATE POLICY lab_answers_owner ON lab_answers FOR ALL TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()) AND EXISTS (SELECT 1 FROM lab_runs r WHERE r.id = run_id));

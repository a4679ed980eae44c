-- The platform job runner (ADR 0034): one durable queue for all work outside a request, on the
-- embedded database and on a PostgreSQL server alike. A job is enqueued inside the transaction
-- that creates its reason (a transactional outbox), claimed by one worker with FOR UPDATE SKIP
-- LOCKED, and claimed again when its lease runs out (the worker died): handlers are idempotent.

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Deduplicates enqueues (a periodic slot, one delivery per fact): a second enqueue is a no-op.
  unique_key text CHECK (unique_key IS NULL OR length(unique_key) BETWEEN 1 AND 300),
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text CHECK (last_error IS NULL OR length(last_error) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE UNIQUE INDEX jobs_unique_key ON jobs (name, unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'failed');

-- The app role writes the queue only through the functions below; admins may read it (delivery state).
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
GRANT SELECT ON jobs TO aigym_app;
CREATE POLICY jobs_select ON jobs FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

CREATE FUNCTION app.enqueue_job(p_name text, p_payload jsonb, p_run_at timestamptz, p_unique_key text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    INSERT INTO public.jobs (name, payload, run_at, unique_key)
    VALUES (p_name, p_payload, coalesce(p_run_at, now()), p_unique_key)
    ON CONFLICT (name, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
  $$;

-- Claims up to p_limit due jobs of the given names: queued ones whose time has come, and running
-- ones whose lease ran out (their worker died). Committed before the work starts.
CREATE FUNCTION app.claim_jobs(p_names text[], p_limit integer, p_now timestamptz, p_lease_seconds integer)
  RETURNS TABLE (id bigint, name text, payload jsonb, attempts integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    UPDATE public.jobs j
       SET state = 'running', attempts = j.attempts + 1, locked_until = p_now + make_interval(secs => p_lease_seconds)
     WHERE j.id IN (
       SELECT d.id FROM public.jobs d
        WHERE d.name = ANY (p_names)
          AND ((d.state = 'queued' AND d.run_at <= p_now) OR (d.state = 'running' AND d.locked_until < p_now))
        ORDER BY d.run_at, d.id
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED)
    RETURNING j.id, j.name, j.payload, j.attempts
  $$;

CREATE FUNCTION app.finish_job(p_id bigint) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ UPDATE public.jobs SET state = 'done', finished_at = now(), locked_until = NULL, last_error = NULL WHERE id = p_id $$;

-- A failed attempt: queued again at p_retry_at, or failed for good when p_retry_at is null.
CREATE FUNCTION app.fail_job(p_id bigint, p_error text, p_retry_at timestamptz) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    UPDATE public.jobs
       SET state = CASE WHEN p_retry_at IS NULL THEN 'failed' ELSE 'queued' END,
           run_at = coalesce(p_retry_at, run_at),
           finished_at = CASE WHEN p_retry_at IS NULL THEN now() END,
           locked_until = NULL,
           last_error = left(p_error, 2000)
     WHERE id = p_id
  $$;

-- Finished jobs are kept a while for inspection, then removed (a periodic job's old slots included).
CREATE FUNCTION app.prune_jobs(p_before timestamptz) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH gone AS (DELETE FROM public.jobs WHERE state IN ('done', 'failed') AND finished_at < p_before RETURNING 1)
    SELECT count(*)::integer FROM gone
  $$;

REVOKE ALL ON FUNCTION app.enqueue_job(text, jsonb, timestamptz, text), app.claim_jobs(text[], integer, timestamptz, integer),
  app.finish_job(bigint), app.fail_job(bigint, text, timestamptz), app.prune_jobs(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.enqueue_job(text, jsonb, timestamptz, text), app.claim_jobs(text[], integer, timestamptz, integer),
  app.finish_job(bigint), app.fail_job(bigint, text, timestamptz), app.prune_jobs(timestamptz) TO aigym_app;

-- Server and web-app errors grouped by fingerprint (same kind of failure at the same place), so an
-- admin sees "this broke 312 times since Tuesday" instead of 312 log lines. Anyone's request may
-- add to a group, but only through app.record_error; only admins read or resolve (delete) groups.
CREATE TABLE error_groups (
  fingerprint     text PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{40}$'),
  source          text NOT NULL CHECK (source IN ('server', 'client')),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  message         text NOT NULL CHECK (length(message) <= 2000),
  location        text NOT NULL CHECK (length(location) <= 2000),
  stack           text CHECK (length(stack) <= 20000),
  count           bigint NOT NULL DEFAULT 1 CHECK (count > 0),
  first_seen      timestamptz NOT NULL DEFAULT now(),
  last_seen       timestamptz NOT NULL DEFAULT now(),
  last_request_id text CHECK (length(last_request_id) <= 100)
);
CREATE INDEX error_groups_last_seen_idx ON error_groups (last_seen DESC, fingerprint);

ALTER TABLE error_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE error_groups FORCE ROW LEVEL SECURITY;
GRANT SELECT, DELETE ON error_groups TO aigym_app;
CREATE POLICY error_groups_select ON error_groups FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));
CREATE POLICY error_groups_delete ON error_groups FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- One upsert per occurrence: the newest message, stack and request id win; the count grows.
CREATE FUNCTION app.record_error(p_fingerprint text, p_source text, p_name text, p_message text, p_location text, p_stack text, p_request_id text)
  RETURNS bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    INSERT INTO public.error_groups AS g (fingerprint, source, name, message, location, stack, last_request_id)
    VALUES (p_fingerprint, p_source, left(p_name, 200), left(p_message, 2000), left(p_location, 2000), left(p_stack, 20000), left(p_request_id, 100))
    ON CONFLICT (fingerprint) DO UPDATE
       SET count = g.count + 1, last_seen = now(), message = excluded.message, stack = excluded.stack, last_request_id = excluded.last_request_id
    RETURNING count
  $$;
REVOKE ALL ON FUNCTION app.record_error(text, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.record_error(text, text, text, text, text, text, text) TO aigym_app;

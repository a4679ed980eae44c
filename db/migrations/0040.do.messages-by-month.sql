-- 0040: `messages` partitioned by calendar month (UTC) (issue 28, ADR 0051).
-- A partitioned table's unique constraints must hold the partition key, so the primary key becomes
-- (id, created_at); nothing references messages(id). The rows are copied in this transaction (ACCESS
-- EXCLUSIVE on the old table: chat writes wait; the rehearsal on 1 M rows gives the time, ADR 0051).
-- Indexes, foreign keys and triggers are added after the copy: a bulk copy into bare partitions is
-- cheaper, and the triggers must not count the copied messages a second time.

-- NOT NULL constraints are named as PostgreSQL 18 (and PGlite) would name them on `messages`.
CREATE TABLE public.messages_by_month (
  id uuid DEFAULT gen_random_uuid() CONSTRAINT messages_id_not_null NOT NULL,
  conversation_id uuid CONSTRAINT messages_conversation_id_not_null NOT NULL,
  user_id uuid CONSTRAINT messages_user_id_not_null NOT NULL,
  role text CONSTRAINT messages_role_not_null NOT NULL,
  text text DEFAULT ''::text CONSTRAINT messages_text_not_null NOT NULL,
  status text DEFAULT 'complete'::text CONSTRAINT messages_status_not_null NOT NULL,
  error text,
  model text,
  input_tokens integer,
  output_tokens integer,
  time_to_first_token_ms integer,
  duration_ms integer,
  created_at timestamptz DEFAULT clock_timestamp() CONSTRAINT messages_created_at_not_null NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,
  cost numeric(14,6),
  citations jsonb DEFAULT '[]'::jsonb CONSTRAINT messages_citations_not_null NOT NULL,
  CONSTRAINT messages_error_check CHECK (length(error) <= 1000),
  CONSTRAINT messages_role_check CHECK (role = ANY (ARRAY['user'::text, 'assistant'::text])),
  CONSTRAINT messages_status_check CHECK (status = ANY (ARRAY['complete'::text, 'stopped'::text, 'error'::text, 'interrupted'::text])),
  CONSTRAINT messages_text_check CHECK (length(text) <= 200000)
) PARTITION BY RANGE (created_at);

-- Rows outside every month created (an import of old history, a clock far off): never refused, and
-- moved into their month by app.ensure_message_partitions on its next run.
CREATE TABLE public.messages_default PARTITION OF public.messages_by_month DEFAULT;

-- Every month from the oldest message to two months ahead, on the data being copied.
DO $$
DECLARE
  v_month timestamp := date_trunc('month', coalesce((SELECT min(created_at) FROM public.messages), now()) AT TIME ZONE 'UTC');
  v_last timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months';
BEGIN
  WHILE v_month <= v_last LOOP
    EXECUTE format('CREATE TABLE public.%I PARTITION OF public.messages_by_month FOR VALUES FROM (%L) TO (%L)',
                   'messages_' || to_char(v_month, 'YYYY_MM'), v_month AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC');
    v_month := v_month + interval '1 month';
  END LOOP;
END $$;

-- Writes wait from here (reads of the history go on): a message written during the copy would be lost.
LOCK TABLE public.messages IN EXCLUSIVE MODE;
INSERT INTO public.messages_by_month (id, conversation_id, user_id, role, text, status, error, model, input_tokens, output_tokens,
                                      time_to_first_token_ms, duration_ms, created_at, cost, citations)
  SELECT id, conversation_id, user_id, role, text, status, error, model, input_tokens, output_tokens,
         time_to_first_token_ms, duration_ms, created_at, cost, citations
    FROM public.messages;

-- The old table's index names are freed, so the new ones keep theirs; indexes and foreign keys are
-- built before the old table is dropped: dropping it takes ACCESS EXCLUSIVE on users and
-- conversations (their foreign-key triggers go), held to the commit, so that comes last.
ALTER TABLE public.messages RENAME CONSTRAINT messages_pkey TO messages_unpartitioned_pkey;
ALTER INDEX public.messages_conversation_idx RENAME TO messages_unpartitioned_conversation_idx;
ALTER INDEX public.messages_owner_idx RENAME TO messages_unpartitioned_owner_idx;
ALTER INDEX public.messages_search_idx RENAME TO messages_unpartitioned_search_idx;
ALTER TABLE public.messages_by_month ADD CONSTRAINT messages_pkey PRIMARY KEY (id, created_at);
CREATE INDEX messages_conversation_idx ON public.messages_by_month USING btree (conversation_id, created_at DESC, id DESC);
CREATE INDEX messages_owner_idx ON public.messages_by_month USING btree (user_id, created_at DESC);
CREATE INDEX messages_search_idx ON public.messages_by_month USING gin (search);
ALTER TABLE public.messages_by_month ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id) ON DELETE CASCADE;
ALTER TABLE public.messages_by_month ADD CONSTRAINT messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

DROP TABLE public.messages;
ALTER TABLE public.messages_by_month RENAME TO messages;

CREATE TRIGGER messages_open_agent AFTER INSERT ON public.messages FOR EACH ROW EXECUTE FUNCTION app.open_agent_on_chat();
CREATE TRIGGER messages_usage AFTER INSERT ON public.messages FOR EACH ROW EXECUTE FUNCTION app.count_message();

-- The policy applies to every query through the parent. A partition is reachable only by name, and
-- aigym_app has no privilege on any partition; RLS is forced on each all the same (schema-policies test).
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.messages FORCE ROW LEVEL SECURITY;
CREATE POLICY messages_owner ON public.messages TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()) AND EXISTS (SELECT 1 FROM public.conversations c WHERE c.id = messages.conversation_id));
GRANT SELECT, INSERT, DELETE ON public.messages TO aigym_app;

DO $$
DECLARE
  v_part regclass;
BEGIN
  FOR v_part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'public.messages'::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_part);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_part);
  END LOOP;
END $$;

-- Months ahead, created by the daily job `messages.partitions` (server/modules/chat/partitions.ts):
-- every month from p_now's to p_months_ahead later, and the month of every row that fell into the
-- default partition (moved out of it: a standalone table is filled, then attached, so the row
-- triggers do not count those messages twice). Returns the partitions created.
CREATE FUNCTION app.ensure_message_partitions(p_now timestamptz, p_months_ahead integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public
AS $$
DECLARE
  v_month timestamp;
  v_from timestamptz;
  v_to timestamptz;
  v_name text;
  v_columns text;
  v_created integer := 0;
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RAISE EXCEPTION 'message partitions are kept by the job runner, not by a signed-in caller' USING ERRCODE = '42501';
  END IF;
  IF p_months_ahead < 0 OR p_months_ahead > 24 THEN
    RAISE EXCEPTION 'months ahead must be between 0 and 24' USING ERRCODE = '22023';
  END IF;
  -- One keeper at a time across instances: two would race to create the same month.
  PERFORM pg_advisory_xact_lock(hashtext('app.ensure_message_partitions'));
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_columns
    FROM pg_attribute WHERE attrelid = 'public.messages'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
  FOR v_month IN
    SELECT m FROM generate_series(date_trunc('month', p_now AT TIME ZONE 'UTC'),
                                  date_trunc('month', p_now AT TIME ZONE 'UTC') + make_interval(months => p_months_ahead),
                                  interval '1 month') m
    UNION
    SELECT date_trunc('month', created_at AT TIME ZONE 'UTC') FROM public.messages_default
    ORDER BY 1
  LOOP
    v_name := 'messages_' || to_char(v_month, 'YYYY_MM');
    CONTINUE WHEN to_regclass('public.' || v_name) IS NOT NULL;
    v_from := v_month AT TIME ZONE 'UTC';
    v_to := (v_month + interval '1 month') AT TIME ZONE 'UTC';
    IF EXISTS (SELECT 1 FROM public.messages_default WHERE created_at >= v_from AND created_at < v_to) THEN
      EXECUTE format('CREATE TABLE public.%I (LIKE public.messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)', v_name);
      EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM public.messages_default WHERE created_at >= $1 AND created_at < $2', v_name, v_columns, v_columns)
        USING v_from, v_to;
      DELETE FROM public.messages_default WHERE created_at >= v_from AND created_at < v_to;
      EXECUTE format('ALTER TABLE public.messages ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
    ELSE
      EXECUTE format('CREATE TABLE public.%I PARTITION OF public.messages FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
    END IF;
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', v_name);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', v_name);
    v_created := v_created + 1;
  END LOOP;
  RETURN v_created;
END;
$$;

REVOKE ALL ON FUNCTION app.ensure_message_partitions(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.ensure_message_partitions(timestamptz, integer) TO aigym_app;

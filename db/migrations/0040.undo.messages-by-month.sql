-- Undo 0040: `messages` back to one table keyed by id, with the indexes, triggers, policy and grant
-- it had before (migrations 0005, 0006, 0008, 0010, 0013, 0025), the rows copied back.
DROP FUNCTION app.ensure_message_partitions(timestamptz, integer);

-- NOT NULL constraints are named as PostgreSQL 18 (and PGlite) named them on `messages`.
CREATE TABLE public.messages_single (
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
);

-- Writes wait from here (reads of the history go on): a message written during the copy would be lost.
LOCK TABLE public.messages IN EXCLUSIVE MODE;
INSERT INTO public.messages_single (id, conversation_id, user_id, role, text, status, error, model, input_tokens, output_tokens,
                                    time_to_first_token_ms, duration_ms, created_at, cost, citations)
  SELECT id, conversation_id, user_id, role, text, status, error, model, input_tokens, output_tokens,
         time_to_first_token_ms, duration_ms, created_at, cost, citations
    FROM public.messages;

-- The old table's index names are freed, so the new ones keep theirs; indexes and foreign keys are
-- built before the old table is dropped: dropping it takes ACCESS EXCLUSIVE on users and
-- conversations (their foreign-key triggers go), held to the commit, so that comes last.
ALTER TABLE public.messages RENAME CONSTRAINT messages_pkey TO messages_partitioned_pkey;
ALTER INDEX public.messages_conversation_idx RENAME TO messages_partitioned_conversation_idx;
ALTER INDEX public.messages_owner_idx RENAME TO messages_partitioned_owner_idx;
ALTER INDEX public.messages_search_idx RENAME TO messages_partitioned_search_idx;
ALTER TABLE public.messages_single ADD CONSTRAINT messages_pkey PRIMARY KEY (id);
CREATE INDEX messages_conversation_idx ON public.messages_single USING btree (conversation_id, created_at DESC, id DESC);
CREATE INDEX messages_owner_idx ON public.messages_single USING btree (user_id, created_at DESC);
CREATE INDEX messages_search_idx ON public.messages_single USING gin (search);
ALTER TABLE public.messages_single ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id) ON DELETE CASCADE;
ALTER TABLE public.messages_single ADD CONSTRAINT messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

DROP TABLE public.messages;
ALTER TABLE public.messages_single RENAME TO messages;

CREATE TRIGGER messages_open_agent AFTER INSERT ON public.messages FOR EACH ROW EXECUTE FUNCTION app.open_agent_on_chat();
CREATE TRIGGER messages_usage AFTER INSERT ON public.messages FOR EACH ROW EXECUTE FUNCTION app.count_message();

ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.messages FORCE ROW LEVEL SECURITY;
CREATE POLICY messages_owner ON public.messages TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()) AND EXISTS (SELECT 1 FROM public.conversations c WHERE c.id = messages.conversation_id));
GRANT SELECT, INSERT, DELETE ON public.messages TO aigym_app;

-- Knowledge-grounded agents (ARCHITECTURE §9.4): files uploaded for agents, the passages (chunks) of
-- those files and of library documents and video transcripts, and what each agent is given.
-- A member reads a passage only when they could read its source: a document or video through
-- content_items' own policy (published and assigned to one of their communities), a file when it
-- is attached to an agent they can use. The retrieval query then narrows to the agent's material.

CREATE TABLE knowledge_files (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  mime        text NOT NULL CHECK (mime IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain', 'text/markdown')),
  size_bytes  integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
  status      text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'ready', 'failed')),
  -- Why a file could not be read, in words an administrator understands.
  error       text CHECK (length(error) <= 1000),
  chunk_count integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_files_created_idx ON knowledge_files (created_at DESC, id DESC);
CREATE TRIGGER knowledge_files_touch BEFORE UPDATE ON knowledge_files FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE TABLE knowledge_chunks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_type text NOT NULL CHECK (source_type IN ('document', 'video', 'file')),
  -- Exactly one source; deleting it deletes its passages, so nothing stale can be cited.
  content_id  uuid REFERENCES content_items (id) ON DELETE CASCADE,
  file_id     uuid REFERENCES knowledge_files (id) ON DELETE CASCADE,
  source_id   uuid GENERATED ALWAYS AS (coalesce(content_id, file_id)) STORED,
  ordinal     integer NOT NULL CHECK (ordinal >= 0),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
  search      tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,
  -- Filled only when an embedding model is configured; a plain array works with or without pgvector.
  embedding   real[],
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_type = 'file' AND file_id IS NOT NULL AND content_id IS NULL)
      OR (source_type IN ('document', 'video') AND content_id IS NOT NULL AND file_id IS NULL)),
  UNIQUE (content_id, ordinal),
  UNIQUE (file_id, ordinal)
);
CREATE INDEX knowledge_chunks_search_idx ON knowledge_chunks USING gin (search);
CREATE INDEX knowledge_chunks_source_idx ON knowledge_chunks (source_id, ordinal);

-- What an agent is given: library items (documents, videos), uploaded files, and whether it must
-- answer only from them.
ALTER TABLE agent_details
  ADD COLUMN knowledge_content_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(knowledge_content_ids) <= 1000),
  ADD COLUMN knowledge_file_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(knowledge_file_ids) <= 100),
  ADD COLUMN knowledge_strict boolean NOT NULL DEFAULT false;

-- The sources an answer was given, as the member saw them: [{sourceType, sourceId, title, excerpt}].
ALTER TABLE messages ADD COLUMN citations jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Files attached to a published agent the caller can use (the agent's own visibility, as members
-- see content_items). SECURITY DEFINER so the policy below does not recurse through agent_details.
CREATE FUNCTION app.my_knowledge_file_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT f.id
      FROM public.agent_details d
      JOIN public.content_items ci ON ci.id = d.content_id
      CROSS JOIN LATERAL unnest(d.knowledge_file_ids) AS f(id)
     WHERE ci.status = 'published'
       AND ci.id IN (SELECT app.my_content_ids())
  $$;
REVOKE ALL ON FUNCTION app.my_knowledge_file_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.my_knowledge_file_ids() TO aigym_app;

ALTER TABLE knowledge_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_files FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON knowledge_files TO aigym_app;
-- Processing records its outcome; a file's name, type and size are never rewritten.
GRANT UPDATE (status, error, chunk_count, updated_at) ON knowledge_files TO aigym_app;
CREATE POLICY knowledge_files_select ON knowledge_files FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR id = ANY (ARRAY(SELECT app.my_knowledge_file_ids()))
);
CREATE POLICY knowledge_files_insert ON knowledge_files FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY knowledge_files_update ON knowledge_files FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY knowledge_files_delete ON knowledge_files FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE knowledge_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_chunks FORCE ROW LEVEL SECURITY;
-- Passages are replaced, never edited; only an embedding may be added later.
GRANT SELECT, INSERT, DELETE ON knowledge_chunks TO aigym_app;
GRANT UPDATE (embedding) ON knowledge_chunks TO aigym_app;
CREATE POLICY knowledge_chunks_select ON knowledge_chunks FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = content_id)
  OR file_id = ANY (ARRAY(SELECT app.my_knowledge_file_ids()))
);
CREATE POLICY knowledge_chunks_insert ON knowledge_chunks FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY knowledge_chunks_update ON knowledge_chunks FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY knowledge_chunks_delete ON knowledge_chunks FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

INSERT INTO feature_flags (key, description, enabled)
VALUES ('knowledge', 'Knowledge-grounded agents: answers from attached documents, videos and files, with citations.', true)
ON CONFLICT (key) DO NOTHING;

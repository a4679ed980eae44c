-- Learning content: one row per item in content_items (what every kind shares), one details table
-- per kind, assignments to communities, and each member's progress.
-- Members see published items assigned to a community they belong to; admins see and manage all.

CREATE TABLE content_items (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('agent', 'video', 'document', 'prompt', 'automation')),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description   text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  thumbnail_url text CHECK (length(thumbnail_url) <= 500),
  tags          text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
  -- Title, description and the kind's own text, weighted, maintained by the service on each write.
  search        tsvector NOT NULL DEFAULT ''::tsvector,
  created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX content_items_kind_updated_idx ON content_items (kind, updated_at DESC, id DESC);
CREATE INDEX content_items_updated_idx ON content_items (updated_at DESC, id DESC);
CREATE INDEX content_items_search_idx ON content_items USING gin (search);
CREATE INDEX content_items_tags_idx ON content_items USING gin (tags);
CREATE TRIGGER content_items_touch BEFORE UPDATE ON content_items FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE TABLE agent_details (
  content_id        uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  system_prompt     text NOT NULL CHECK (length(system_prompt) BETWEEN 1 AND 20000),
  model             text CHECK (length(model) <= 200),
  temperature       numeric(3, 2) NOT NULL DEFAULT 0.7 CHECK (temperature BETWEEN 0 AND 2),
  max_output_tokens integer NOT NULL DEFAULT 1024 CHECK (max_output_tokens BETWEEN 1 AND 32000),
  starter_prompts   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(starter_prompts) <= 10),
  welcome_message   text NOT NULL DEFAULT '' CHECK (length(welcome_message) <= 2000)
);

CREATE TABLE video_details (
  content_id       uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  url              text NOT NULL CHECK (length(url) <= 2000),
  platform         text NOT NULL CHECK (platform IN ('youtube', 'vimeo', 'file')),
  external_id      text NOT NULL CHECK (length(external_id) <= 2000),
  duration_seconds integer CHECK (duration_seconds BETWEEN 0 AND 86400),
  transcript       text NOT NULL DEFAULT '' CHECK (length(transcript) <= 200000)
);

CREATE TABLE document_details (
  content_id      uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  body_html       text NOT NULL DEFAULT '' CHECK (length(body_html) <= 500000),
  body_json       jsonb,
  word_count      integer NOT NULL DEFAULT 0,
  reading_minutes integer NOT NULL DEFAULT 0
);

CREATE TABLE prompt_details (
  content_id  uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  prompt_text text NOT NULL CHECK (length(prompt_text) BETWEEN 1 AND 20000),
  category    text NOT NULL DEFAULT '' CHECK (length(category) <= 100),
  copy_count  integer NOT NULL DEFAULT 0
);

CREATE TABLE automation_details (
  content_id         uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  workflow_url       text NOT NULL CHECK (length(workflow_url) <= 2000),
  required_tools     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(required_tools) <= 30),
  tool_description   text NOT NULL DEFAULT '' CHECK (length(tool_description) <= 5000),
  setup_instructions text NOT NULL DEFAULT '' CHECK (length(setup_instructions) <= 50000)
);

CREATE TABLE content_assignments (
  content_id   uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  assigned_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (content_id, community_id)
);
CREATE INDEX content_assignments_community_idx ON content_assignments (community_id, content_id);

CREATE TABLE content_progress (
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content_id       uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  viewed_at        timestamptz,
  completed_at     timestamptz,
  prompt_copies    integer NOT NULL DEFAULT 0 CHECK (prompt_copies >= 0),
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, content_id)
);
CREATE INDEX content_progress_content_idx ON content_progress (content_id);
CREATE INDEX content_progress_activity_idx ON content_progress (user_id, last_activity_at DESC);

-- The published items assigned to any community of the caller.
CREATE FUNCTION app.my_content_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.content_id FROM public.content_assignments a
     WHERE a.community_id IN (SELECT app.my_community_ids())
  $$;

-- A member's copy of a prompt counts towards its total, which members may not write themselves.
CREATE FUNCTION app.count_prompt_copies() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NEW.prompt_copies > coalesce(CASE WHEN TG_OP = 'UPDATE' THEN OLD.prompt_copies END, 0) THEN
    UPDATE public.prompt_details
       SET copy_count = copy_count + (NEW.prompt_copies - coalesce(CASE WHEN TG_OP = 'UPDATE' THEN OLD.prompt_copies END, 0))
     WHERE content_id = NEW.content_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER content_progress_prompt_copies AFTER INSERT OR UPDATE OF prompt_copies ON content_progress
  FOR EACH ROW EXECUTE FUNCTION app.count_prompt_copies();

REVOKE ALL ON FUNCTION app.my_content_ids(), app.count_prompt_copies() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.my_content_ids() TO aigym_app;

ALTER TABLE content_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_items FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON content_items TO aigym_app;
CREATE POLICY content_items_select ON content_items FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR (status = 'published' AND id = ANY (ARRAY(SELECT app.my_content_ids())))
);
CREATE POLICY content_items_insert ON content_items FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY content_items_update ON content_items FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY content_items_delete ON content_items FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- Each details table: readable exactly when its item is (content_items' own policy decides).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['agent_details', 'video_details', 'document_details', 'prompt_details', 'automation_details'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO aigym_app', t);
    EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO aigym_app USING (
      (SELECT app.is_admin()) OR EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = content_id))$p$, t || '_select', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO aigym_app USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()))', t || '_update', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO aigym_app USING ((SELECT app.is_admin()))', t || '_delete', t);
  END LOOP;
END $$;

-- content_assignments: admins manage; members see the assignments of their own communities.
ALTER TABLE content_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_assignments FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON content_assignments TO aigym_app;
CREATE POLICY content_assignments_select ON content_assignments FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR community_id = ANY (ARRAY(SELECT app.my_community_ids()))
);
CREATE POLICY content_assignments_insert ON content_assignments FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY content_assignments_update ON content_assignments FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY content_assignments_delete ON content_assignments FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- content_progress: each member owns their own rows, only for items they can see; admins read all.
ALTER TABLE content_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_progress FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON content_progress TO aigym_app;
CREATE POLICY content_progress_select ON content_progress FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
CREATE POLICY content_progress_insert ON content_progress FOR INSERT TO aigym_app WITH CHECK (
  user_id = (SELECT app.current_user_id()) AND EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = content_id)
);
CREATE POLICY content_progress_update ON content_progress FOR UPDATE TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()) AND EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = content_id));
CREATE POLICY content_progress_delete ON content_progress FOR DELETE TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);

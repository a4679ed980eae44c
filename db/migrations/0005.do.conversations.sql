-- The AI Sandbox's history: exactly one conversations table, owned by users(id), and one row per
-- message (never a JSON blob of the whole chat). Both are visible to their owner only — admins
-- included: analytics read aggregates, never transcripts.

CREATE TABLE conversations (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  agent_id   uuid REFERENCES content_items (id) ON DELETE SET NULL,
  title      text NOT NULL DEFAULT 'New conversation' CHECK (length(title) BETWEEN 1 AND 200),
  pinned     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_owner_list_idx ON conversations (user_id, pinned DESC, updated_at DESC, id DESC);
CREATE INDEX conversations_agent_idx ON conversations (agent_id);

CREATE TABLE messages (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id        uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- The owner again, so the policy needs no join; a check below keeps it equal to the conversation's.
  user_id                uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role                   text NOT NULL CHECK (role IN ('user', 'assistant')),
  text                   text NOT NULL DEFAULT '' CHECK (length(text) <= 200000),
  status                 text NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'stopped', 'error')),
  error                  text CHECK (length(error) <= 1000),
  model                  text,
  input_tokens           integer,
  output_tokens          integer,
  time_to_first_token_ms integer,
  duration_ms            integer,
  -- clock_timestamp: a user message and its answer saved in one transaction still sort in order.
  created_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  search                 tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at DESC, id DESC);
CREATE INDEX messages_owner_idx ON messages (user_id, created_at DESC);
CREATE INDEX messages_search_idx ON messages USING gin (search);

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON conversations TO aigym_app;
GRANT UPDATE (title, pinned, updated_at) ON conversations TO aigym_app;
CREATE POLICY conversations_owner ON conversations FOR ALL TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()));

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
-- Messages are written once and never edited (edit-and-resend deletes and appends).
GRANT SELECT, INSERT, DELETE ON messages TO aigym_app;
CREATE POLICY messages_owner ON messages FOR ALL TO aigym_app
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (
    user_id = (SELECT app.current_user_id())
    AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = conversation_id)
  );

-- Feature flags: read by every signed-in user (the server evaluates them), written by admins.
CREATE TABLE feature_flags (
  key                text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.-]{1,62}$'),
  description        text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  enabled            boolean NOT NULL DEFAULT false,
  rollout_percentage integer NOT NULL DEFAULT 100 CHECK (rollout_percentage BETWEEN 0 AND 100),
  community_ids      uuid[] NOT NULL DEFAULT '{}',
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         uuid REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO feature_flags (key, description, enabled) VALUES ('sandbox', 'The AI Sandbox: chats with agents.', true);

ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE feature_flags FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON feature_flags TO aigym_app;
CREATE POLICY feature_flags_select ON feature_flags FOR SELECT TO aigym_app USING ((SELECT app.current_user_id()) IS NOT NULL);
CREATE POLICY feature_flags_insert ON feature_flags FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY feature_flags_update ON feature_flags FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY feature_flags_delete ON feature_flags FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

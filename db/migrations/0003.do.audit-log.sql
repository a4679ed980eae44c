-- Append-only record of who changed what. The app role may insert its own entries and admins may
-- read them; nobody through the app may edit or delete one.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
  action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  entity_type text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 50),
  entity_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text,
  ip          text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON audit_log TO aigym_app;
CREATE POLICY audit_log_select ON audit_log FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));
CREATE POLICY audit_log_insert ON audit_log FOR INSERT TO aigym_app WITH CHECK (actor_id = (SELECT app.current_user_id()));

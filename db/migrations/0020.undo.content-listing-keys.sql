DROP INDEX content_assignments_listed_title_idx;
DROP INDEX content_assignments_listed_recent_idx;
DROP TRIGGER content_items_listing ON content_items;
DROP TRIGGER content_assignments_listing ON content_assignments;
DROP FUNCTION app.sync_content_listing();
DROP FUNCTION app.copy_content_listing();
REVOKE INSERT, UPDATE ON content_assignments FROM aigym_app;
GRANT INSERT, UPDATE ON content_assignments TO aigym_app;
ALTER TABLE content_assignments
  DROP COLUMN listed_kind,
  DROP COLUMN listed_title_key,
  DROP COLUMN listed_updated_at;
ALTER POLICY content_items_select ON content_items USING (
  (SELECT app.is_admin())
  OR (status = 'published' AND id = ANY (ARRAY(SELECT app.my_content_ids())))
);

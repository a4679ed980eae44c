DROP INDEX content_progress_last_activity_idx;
DROP INDEX content_progress_viewed_idx;
DROP INDEX content_progress_completed_idx;
DROP POLICY content_progress_select ON content_progress;
CREATE POLICY content_progress_select ON content_progress FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);
DROP TRIGGER messages_usage ON messages;
DROP TRIGGER conversations_usage ON conversations;
DROP FUNCTION app.rebuild_usage_daily();
DROP FUNCTION app.count_message();
DROP FUNCTION app.count_conversation();
DROP TABLE usage_daily;

DROP FUNCTION app.find_one_time_token(text);
DROP FUNCTION app.find_refresh_token(text);
DROP FUNCTION app.session_identity(uuid, uuid);
DROP TABLE one_time_tokens;
DROP TABLE refresh_tokens;
DROP TABLE sessions;

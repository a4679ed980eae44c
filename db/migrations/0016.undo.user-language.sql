DROP FUNCTION app.alert_languages(uuid, text[]);
REVOKE UPDATE (language) ON users FROM aigym_app;
ALTER TABLE users DROP COLUMN language;

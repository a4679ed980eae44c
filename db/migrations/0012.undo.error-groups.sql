DROP FUNCTION app.record_error(text, text, text, text, text, text, text);
DROP TABLE error_groups;

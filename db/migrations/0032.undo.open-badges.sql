DROP FUNCTION app.certificate_status_places(integer, integer);
DROP FUNCTION app.certificate_credential_facts_by_code(text);
DROP FUNCTION app.certificate_credential_facts(uuid);
DROP FUNCTION app.credential_rotate_key(text, text, jsonb, text);
DROP FUNCTION app.credential_add_first_key(text, text, jsonb, text);
DROP FUNCTION app.credential_signing_key();
DROP FUNCTION app.credential_public_keys(timestamptz);
DROP TABLE credential_signing_keys;
-- Dropping the column drops the sequence it owns.
ALTER TABLE certificates DROP COLUMN status_index;

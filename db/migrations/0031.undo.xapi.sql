DROP FUNCTION app.xapi_delivered(uuid, uuid[], jsonb, text, timestamptz);
DROP FUNCTION app.xapi_pending(uuid, integer);
DROP FUNCTION app.xapi_due_communities(timestamptz);
DROP FUNCTION app.xapi_record(jsonb);
DROP FUNCTION app.xapi_new_facts(integer);
DROP TABLE xapi_statements;
DROP TABLE community_lrs;

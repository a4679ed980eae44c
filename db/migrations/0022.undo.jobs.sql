DROP FUNCTION app.prune_jobs(timestamptz);
DROP FUNCTION app.fail_job(bigint, text, timestamptz);
DROP FUNCTION app.finish_job(bigint);
DROP FUNCTION app.claim_jobs(text[], integer, timestamptz, integer);
DROP FUNCTION app.enqueue_job(text, jsonb, timestamptz, text);
DROP TABLE jobs;

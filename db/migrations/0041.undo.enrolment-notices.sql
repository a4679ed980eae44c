DROP FUNCTION app.claim_enrolment_notices(integer);
DROP INDEX program_enrolments_unannounced_idx;
ALTER TABLE program_enrolments DROP COLUMN notified_at;

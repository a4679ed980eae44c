-- Issue 25: nothing told people a program was assigned to them. Each enrolment is announced once:
-- `notified_at` is set when the notice is claimed (with the mail queued in the same transaction),
-- so two instances never announce the same enrolment twice. Enrolments made before this migration
-- count as announced: nobody gets a mail for a program they have had for months.

ALTER TABLE program_enrolments ADD COLUMN notified_at timestamptz;
UPDATE program_enrolments SET notified_at = enrolled_at;
CREATE INDEX program_enrolments_unannounced_idx ON program_enrolments (enrolled_at) WHERE notified_at IS NULL;

-- Claims up to p_limit unannounced enrolments in published programs (a draft's are claimed when it
-- is published). Managers are never enrolled (migration 0024), so they are never told. Rows of
-- people who are not active are claimed too, with their status, so the caller skips them: an
-- invitation already names the programs waiting (issue 25), and a suspended person gets nothing.
CREATE FUNCTION app.claim_enrolment_notices(p_limit integer)
  RETURNS TABLE (program_id uuid, user_id uuid, cycle integer, due_at timestamptz, email text, display_name text,
                 language text, user_status text, program_title text)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH picked AS (
      SELECT e.id FROM public.program_enrolments e
        JOIN public.programs p ON p.id = e.program_id AND p.status = 'published'
       WHERE e.notified_at IS NULL
       ORDER BY e.enrolled_at
       LIMIT greatest(p_limit, 0)
       FOR UPDATE OF e SKIP LOCKED
    ), claimed AS (
      UPDATE public.program_enrolments e SET notified_at = now()
        FROM picked WHERE e.id = picked.id
      RETURNING e.program_id, e.user_id, e.cycle, e.due_at
    )
    SELECT c.program_id, c.user_id, c.cycle, c.due_at, u.email, u.display_name, u.language, u.status, p.title
      FROM claimed c
      JOIN public.users u ON u.id = c.user_id
      JOIN public.programs p ON p.id = c.program_id
  $$;
REVOKE ALL ON FUNCTION app.claim_enrolment_notices(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.claim_enrolment_notices(integer) TO aigym_app;

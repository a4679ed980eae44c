-- Programs: ordered steps drawn from content, assigned to communities, with due dates, reminders and
-- certificates (ARCHITECTURE §9.2, ADR 0020).
--
-- Who writes what:
-- - admins write programs, their steps and assignments through the app (policies below);
-- - enrolments, completions, certificates and reminders are written only by the SECURITY DEFINER
--   functions and triggers in this file: no member can enrol, complete or certify themself, even
--   through a bug in the app, because aigym_app holds no write grant on those tables.
--
-- Enrolment happens on assignment: when a published program is assigned to a community, when it is
-- published while assigned, and when someone joins an assigned community (platform admins are staff
-- and are not enrolled). Completion is derived from what the member did (app.program_step_done) and
-- re-evaluated by triggers on the facts it reads, in the transaction that records the fact; the
-- certificate is issued in that same transaction. Due and validity periods are counted in 24-hour
-- days, so dates do not depend on the database session's time zone.

CREATE TABLE programs (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description            text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  sequential             boolean NOT NULL DEFAULT false,
  due_days               integer CHECK (due_days BETWEEN 1 AND 3650),
  certificate_enabled    boolean NOT NULL DEFAULT true,
  certificate_valid_days integer CHECK (certificate_valid_days BETWEEN 1 AND 36500),
  -- Bumped by every change (steps and assignments included): the ETag is built from it.
  version                integer NOT NULL DEFAULT 1,
  created_by             uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_by             uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  published_at           timestamptz
);
CREATE INDEX programs_title_idx ON programs (lower(title), id);
CREATE TRIGGER programs_touch BEFORE UPDATE ON programs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE TABLE program_steps (
  program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  position   integer NOT NULL CHECK (position BETWEEN 1 AND 100),
  -- No foreign key: a step whose content was deleted stays in the program, shown as unavailable.
  content_id uuid NOT NULL,
  required   boolean NOT NULL DEFAULT true,
  PRIMARY KEY (program_id, position),
  UNIQUE (program_id, content_id)
);
CREATE INDEX program_steps_content_idx ON program_steps (content_id);

CREATE TABLE program_assignments (
  program_id   uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  assigned_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, community_id)
);
CREATE INDEX program_assignments_community_idx ON program_assignments (community_id, program_id);

-- One row per member, program and cycle: cycle 1 on enrolment, cycle n+1 when the certificate of
-- cycle n expires (the member is re-enrolled by the job).
CREATE TABLE program_enrolments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id   uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cycle        integer NOT NULL DEFAULT 1 CHECK (cycle >= 1),
  enrolled_at  timestamptz NOT NULL DEFAULT now(),
  due_at       timestamptz,
  completed_at timestamptz,
  UNIQUE (program_id, user_id, cycle)
);
CREATE INDEX program_enrolments_user_idx ON program_enrolments (user_id, program_id, cycle DESC);
CREATE INDEX program_enrolments_open_idx ON program_enrolments (program_id, due_at) WHERE completed_at IS NULL;

CREATE TABLE certificates (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- 32 random bytes (from two v4 UUIDs: 244 random bits), base64url: the public verification code.
  code          text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{43}$'),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- A deleted program's certificates stay verifiable: names are kept as issued.
  program_id    uuid REFERENCES programs (id) ON DELETE SET NULL,
  enrolment_id  uuid UNIQUE REFERENCES program_enrolments (id) ON DELETE SET NULL,
  holder_name   text NOT NULL,
  program_title text NOT NULL,
  issued_at     timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked       boolean NOT NULL DEFAULT false
);
CREATE INDEX certificates_user_idx ON certificates (user_id, issued_at DESC);
CREATE INDEX certificates_expiry_idx ON certificates (expires_at) WHERE expires_at IS NOT NULL AND NOT revoked;

-- A reminder is claimed here (INSERT ... ON CONFLICT DO NOTHING) before it is sent: with several
-- instances running the job at once, exactly one gets each row. A failed send deletes its row.
CREATE TABLE reminders_sent (
  program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  -- The enrolment cycle the reminder is about: a re-enrolment may be reminded again.
  period     integer NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, user_id, kind, period)
);

-- ---------------------------------------------------------------------------------------------
-- Lookups for policies.

-- Programs assigned to any community of the caller (the policy adds "published").
CREATE FUNCTION app.my_program_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 20 SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT a.program_id FROM public.program_assignments a
     WHERE a.community_id IN (SELECT app.my_community_ids())
  $$;

-- ---------------------------------------------------------------------------------------------
-- What counts as done. SECURITY INVOKER: read through the caller's policies, these answer a member
-- about themself, a manager about their members, and (called from the definer functions below)
-- the job about everyone. `p_since` is the start of a re-enrolment cycle (null for the first: what
-- the member did before the program existed counts).

CREATE FUNCTION app.program_step_done(p_user uuid, p_content uuid, p_kind text, p_since timestamptz) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE p_kind
      -- Chatted with: at least one message of theirs to the agent.
      WHEN 'agent' THEN EXISTS (
        SELECT 1 FROM public.usage_daily u
         WHERE u.user_id = p_user AND u.agent_id = p_content AND u.messages > 0
           AND u.day >= coalesce((p_since AT TIME ZONE 'UTC')::date, '-infinity'::date))
      -- Passed: any scored attempt that passed; a reviewer's verdict replaces the evaluator's.
      WHEN 'exercise' THEN EXISTS (
        SELECT 1 FROM public.exercise_attempts a
         WHERE a.user_id = p_user AND a.exercise_id = p_content
           AND CASE a.status WHEN 'reviewed' THEN a.review_passed WHEN 'evaluated' THEN a.passed ELSE false END
           AND a.created_at >= coalesce(p_since, '-infinity'::timestamptz))
      -- Copied (or used in the sandbox, which records a copy).
      WHEN 'prompt' THEN EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND (p.prompt_copies > 0 OR p.completed_at IS NOT NULL)
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
      -- Documents, videos, automations: marked completed.
      ELSE EXISTS (
        SELECT 1 FROM public.content_progress p
         WHERE p.user_id = p_user AND p.content_id = p_content AND p.completed_at IS NOT NULL
           AND p.last_activity_at >= coalesce(p_since, '-infinity'::timestamptz))
    END
  $$;

-- Every step of a program for one member: its content (null when deleted), whether the member can
-- open it (published and assigned to one of their communities) and whether they did it.
CREATE FUNCTION app.program_step_states(p_program uuid, p_user uuid, p_since timestamptz)
  RETURNS TABLE (step_position integer, content_id uuid, required boolean, kind text, title text, available boolean, done boolean)
  LANGUAGE sql STABLE
  AS $$
    SELECT s.position, s.content_id, s.required, ci.kind, ci.title,
           ci.id IS NOT NULL AND ci.status = 'published' AND EXISTS (
             SELECT 1 FROM public.content_assignments ca
               JOIN public.community_members m ON m.community_id = ca.community_id
              WHERE ca.content_id = s.content_id AND m.user_id = p_user),
           ci.id IS NOT NULL AND app.program_step_done(p_user, s.content_id, ci.kind, p_since)
      FROM public.program_steps s
      LEFT JOIN public.content_items ci ON ci.id = s.content_id
     WHERE s.program_id = p_program
     ORDER BY s.position
  $$;

-- ---------------------------------------------------------------------------------------------
-- Writers (SECURITY DEFINER: the only way enrolments, completions, certificates and reminders are
-- written).

-- Enrols the members of assigned communities in published programs, once (cycle 1). Any argument
-- may be null: "every program", "every community", "every member".
CREATE FUNCTION app.enrol_program_members(p_program uuid, p_community uuid, p_user uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_count integer;
BEGIN
  INSERT INTO public.program_enrolments (program_id, user_id, cycle, enrolled_at, due_at)
  SELECT DISTINCT p.id, m.user_id, 1, now(), CASE WHEN p.due_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * p.due_days) END
    FROM public.programs p
    JOIN public.program_assignments a ON a.program_id = p.id
    JOIN public.community_members m ON m.community_id = a.community_id
    JOIN public.users u ON u.id = m.user_id AND u.role <> 'admin'
   WHERE p.status = 'published'
     AND p.id = coalesce(p_program, p.id)
     AND a.community_id = coalesce(p_community, a.community_id)
     AND m.user_id = coalesce(p_user, m.user_id)
     AND NOT EXISTS (SELECT 1 FROM public.program_enrolments e WHERE e.program_id = p.id AND e.user_id = m.user_id)
  ON CONFLICT (program_id, user_id, cycle) DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;

-- Marks open enrolments completed when every counted step is done, and issues the certificate in
-- the same statement's transaction. Counted: the available required steps, or, in a program with no
-- available required step, every available step; a program with nothing available never completes.
-- Either argument may be null ("everyone", "every program"). Returns how many completed.
CREATE FUNCTION app.refresh_program_completion(p_user uuid, p_program uuid) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  e record;
  v_total integer;
  v_done integer;
  v_count integer := 0;
BEGIN
  FOR e IN
    SELECT en.id, en.program_id, en.user_id, en.cycle, en.enrolled_at, p.title, p.certificate_enabled, p.certificate_valid_days
      FROM public.program_enrolments en
      JOIN public.programs p ON p.id = en.program_id
     WHERE en.completed_at IS NULL AND p.status = 'published'
       AND en.user_id = coalesce(p_user, en.user_id)
       AND en.program_id = coalesce(p_program, en.program_id)
  LOOP
    SELECT count(*) FILTER (WHERE counted), count(*) FILTER (WHERE counted AND done)
      INTO v_total, v_done
      FROM (
        SELECT st.done, st.available AND (st.required OR NOT bool_or(st.available AND st.required) OVER ()) AS counted
          FROM app.program_step_states(e.program_id, e.user_id, CASE WHEN e.cycle > 1 THEN e.enrolled_at END) st
      ) s;
    IF v_total > 0 AND v_done = v_total THEN
      UPDATE public.program_enrolments SET completed_at = now() WHERE id = e.id AND completed_at IS NULL;
      -- A concurrent transaction that completed it first leaves nothing to do here.
      IF FOUND THEN
        v_count := v_count + 1;
        IF e.certificate_enabled THEN
          INSERT INTO public.certificates (code, user_id, program_id, enrolment_id, holder_name, program_title, issued_at, expires_at)
          SELECT translate(rtrim(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '='), '+/', '-_'),
                 e.user_id, e.program_id, e.id, u.display_name, e.title, now(),
                 CASE WHEN e.certificate_valid_days IS NULL THEN NULL ELSE now() + make_interval(hours => 24 * e.certificate_valid_days) END
            FROM public.users u WHERE u.id = e.user_id;
        END IF;
      END IF;
    END IF;
  END LOOP;
  RETURN v_count;
END $$;

-- The job's housekeeping at `p_now`: re-enrols members whose certificate (with a validity period)
-- has expired, in programs still published and assigned to them, and re-evaluates every open
-- enrolment (steps whose content was deleted or unassigned can complete a program with no event).
CREATE FUNCTION app.program_housekeeping(p_now timestamptz) RETURNS TABLE (reenrolled integer, completed integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_reenrolled integer;
BEGIN
  INSERT INTO public.program_enrolments (program_id, user_id, cycle, enrolled_at, due_at)
  SELECT e.program_id, e.user_id, e.cycle + 1, p_now, CASE WHEN p.due_days IS NULL THEN NULL ELSE p_now + make_interval(hours => 24 * p.due_days) END
    FROM public.certificates c
    JOIN public.program_enrolments e ON e.id = c.enrolment_id
    JOIN public.programs p ON p.id = e.program_id AND p.status = 'published'
   WHERE c.expires_at IS NOT NULL AND c.expires_at <= p_now AND NOT c.revoked
     AND NOT EXISTS (SELECT 1 FROM public.program_enrolments later WHERE later.program_id = e.program_id AND later.user_id = e.user_id AND later.cycle > e.cycle)
     AND EXISTS (SELECT 1 FROM public.program_assignments a JOIN public.community_members m ON m.community_id = a.community_id
                  WHERE a.program_id = e.program_id AND m.user_id = e.user_id)
  ON CONFLICT (program_id, user_id, cycle) DO NOTHING;
  GET DIAGNOSTICS v_reenrolled = ROW_COUNT;
  RETURN QUERY SELECT v_reenrolled, app.refresh_program_completion(NULL, NULL);
END $$;

-- Claims the reminders due at `p_now` (due within `p_days_before` days, or overdue), once per member,
-- program, kind and cycle, for members still in an assigned community of a published program, and
-- returns what the mail needs. The claim commits before any mail is sent.
CREATE FUNCTION app.claim_program_reminders(p_now timestamptz, p_days_before integer)
  RETURNS TABLE (program_id uuid, user_id uuid, kind text, period integer, email text, display_name text, program_title text, due_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH candidates AS (
      SELECT e.program_id, e.user_id, e.cycle, e.due_at,
             CASE WHEN e.due_at <= p_now THEN 'overdue' ELSE 'due_soon' END AS kind
        FROM public.program_enrolments e
        JOIN public.programs p ON p.id = e.program_id AND p.status = 'published'
       WHERE e.completed_at IS NULL AND e.due_at IS NOT NULL
         AND e.due_at <= p_now + make_interval(hours => 24 * p_days_before)
         AND NOT EXISTS (SELECT 1 FROM public.program_enrolments later WHERE later.program_id = e.program_id AND later.user_id = e.user_id AND later.cycle > e.cycle)
         AND EXISTS (SELECT 1 FROM public.program_assignments a JOIN public.community_members m ON m.community_id = a.community_id
                      WHERE a.program_id = e.program_id AND m.user_id = e.user_id)
    ), claimed AS (
      INSERT INTO public.reminders_sent (program_id, user_id, kind, period, sent_at)
      SELECT c.program_id, c.user_id, c.kind, c.cycle, p_now FROM candidates c
      ON CONFLICT DO NOTHING
      RETURNING reminders_sent.program_id, reminders_sent.user_id, reminders_sent.kind, reminders_sent.period
    )
    SELECT cl.program_id, cl.user_id, cl.kind, cl.period, u.email, u.display_name, p.title, c.due_at
      FROM claimed cl
      JOIN candidates c ON c.program_id = cl.program_id AND c.user_id = cl.user_id
      JOIN public.users u ON u.id = cl.user_id AND u.status = 'active'
      JOIN public.programs p ON p.id = cl.program_id
  $$;

-- A reminder whose mail could not be sent is given back, so the next run tries again.
CREATE FUNCTION app.release_program_reminder(p_program uuid, p_user uuid, p_kind text, p_period integer) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ DELETE FROM public.reminders_sent WHERE program_id = p_program AND user_id = p_user AND kind = p_kind AND period = p_period $$;

-- Public verification by code: the only way to read a certificate without signing in.
CREATE FUNCTION app.verify_certificate(p_code text)
  RETURNS TABLE (holder_name text, program_title text, issued_at timestamptz, expires_at timestamptz, revoked boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT c.holder_name, c.program_title, c.issued_at, c.expires_at, c.revoked FROM public.certificates c WHERE c.code = p_code $$;

-- ---------------------------------------------------------------------------------------------
-- Triggers: enrolment on assignment, publication and joining; completion after each fact.

CREATE FUNCTION app.programs_on_assignment() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ BEGIN PERFORM app.enrol_program_members(NEW.program_id, NEW.community_id, NULL); RETURN NEW; END $$;
CREATE TRIGGER program_assignments_enrol AFTER INSERT ON program_assignments FOR EACH ROW EXECUTE FUNCTION app.programs_on_assignment();

CREATE FUNCTION app.programs_on_membership() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ BEGIN PERFORM app.enrol_program_members(NULL, NEW.community_id, NEW.user_id); RETURN NEW; END $$;
CREATE TRIGGER community_members_enrol AFTER INSERT ON community_members FOR EACH ROW EXECUTE FUNCTION app.programs_on_membership();

-- Publishing enrols the assigned communities; a changed due period moves the open enrolments' dates.
CREATE FUNCTION app.programs_on_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NEW.due_days IS DISTINCT FROM OLD.due_days THEN
    UPDATE public.program_enrolments
       SET due_at = CASE WHEN NEW.due_days IS NULL THEN NULL ELSE enrolled_at + make_interval(hours => 24 * NEW.due_days) END
     WHERE program_id = NEW.id AND completed_at IS NULL;
  END IF;
  IF NEW.status = 'published' AND OLD.status <> 'published' THEN
    PERFORM app.enrol_program_members(NEW.id, NULL, NULL);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER programs_change AFTER UPDATE OF status, due_days ON programs FOR EACH ROW EXECUTE FUNCTION app.programs_on_change();

CREATE FUNCTION app.programs_on_enrolment() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ BEGIN PERFORM app.refresh_program_completion(NEW.user_id, NEW.program_id); RETURN NEW; END $$;
CREATE TRIGGER program_enrolments_complete AFTER INSERT ON program_enrolments FOR EACH ROW EXECUTE FUNCTION app.programs_on_enrolment();

-- A fact about a member may complete one of their programs. Cheap when they have none open (an
-- index probe), so it can sit on the chat path.
CREATE FUNCTION app.programs_on_fact() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.program_enrolments e WHERE e.user_id = NEW.user_id AND e.completed_at IS NULL) THEN
    PERFORM app.refresh_program_completion(NEW.user_id, NULL);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER content_progress_programs AFTER INSERT OR UPDATE ON content_progress
  FOR EACH ROW WHEN (NEW.completed_at IS NOT NULL OR NEW.prompt_copies > 0) EXECUTE FUNCTION app.programs_on_fact();
CREATE TRIGGER usage_daily_programs AFTER INSERT OR UPDATE ON usage_daily
  FOR EACH ROW WHEN (NEW.messages > 0) EXECUTE FUNCTION app.programs_on_fact();
CREATE TRIGGER exercise_attempts_programs AFTER UPDATE OF status ON exercise_attempts
  FOR EACH ROW WHEN (NEW.status IN ('evaluated', 'reviewed')) EXECUTE FUNCTION app.programs_on_fact();

REVOKE ALL ON FUNCTION app.my_program_ids(), app.program_step_done(uuid, uuid, text, timestamptz),
  app.program_step_states(uuid, uuid, timestamptz), app.enrol_program_members(uuid, uuid, uuid),
  app.refresh_program_completion(uuid, uuid), app.program_housekeeping(timestamptz),
  app.claim_program_reminders(timestamptz, integer), app.release_program_reminder(uuid, uuid, text, integer),
  app.verify_certificate(text), app.programs_on_assignment(), app.programs_on_membership(), app.programs_on_change(),
  app.programs_on_enrolment(), app.programs_on_fact() FROM PUBLIC;
-- The readers run under the caller's policies. The definer entry points the app calls: the job's,
-- the verification page's, and refresh_program_completion after an admin changes a program's steps
-- (it completes only what is truly complete, so calling it grants nothing).
GRANT EXECUTE ON FUNCTION app.my_program_ids(), app.program_step_done(uuid, uuid, text, timestamptz),
  app.program_step_states(uuid, uuid, timestamptz), app.program_housekeeping(timestamptz),
  app.refresh_program_completion(uuid, uuid),
  app.claim_program_reminders(timestamptz, integer), app.release_program_reminder(uuid, uuid, text, integer),
  app.verify_certificate(text) TO aigym_app;

-- ---------------------------------------------------------------------------------------------
-- Policies.

ALTER TABLE programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE programs FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON programs TO aigym_app;
CREATE POLICY programs_select ON programs FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR (status = 'published' AND id = ANY (ARRAY(SELECT app.my_program_ids())))
);
CREATE POLICY programs_insert ON programs FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY programs_update ON programs FOR UPDATE TO aigym_app USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY programs_delete ON programs FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE program_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_steps FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON program_steps TO aigym_app;
CREATE POLICY program_steps_select ON program_steps FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR EXISTS (SELECT 1 FROM programs p WHERE p.id = program_id)
);
CREATE POLICY program_steps_insert ON program_steps FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY program_steps_update ON program_steps FOR UPDATE TO aigym_app USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY program_steps_delete ON program_steps FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

ALTER TABLE program_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_assignments FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON program_assignments TO aigym_app;
CREATE POLICY program_assignments_select ON program_assignments FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR community_id = ANY (ARRAY(SELECT app.my_community_ids()))
);
CREATE POLICY program_assignments_insert ON program_assignments FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY program_assignments_delete ON program_assignments FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- Read-only through the app: a member their own, a manager their members', admins all.
ALTER TABLE program_enrolments ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_enrolments FORCE ROW LEVEL SECURITY;
GRANT SELECT ON program_enrolments TO aigym_app;
CREATE POLICY program_enrolments_select ON program_enrolments FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
);

-- Read-only through the app: the holder and admins. Anyone else verifies by code (app.verify_certificate).
ALTER TABLE certificates ENABLE ROW LEVEL SECURITY;
ALTER TABLE certificates FORCE ROW LEVEL SECURITY;
GRANT SELECT ON certificates TO aigym_app;
CREATE POLICY certificates_select ON certificates FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR user_id = (SELECT app.current_user_id())
);

-- Bookkeeping of the job: admins may read it; only the definer functions write it.
ALTER TABLE reminders_sent ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminders_sent FORCE ROW LEVEL SECURITY;
GRANT SELECT ON reminders_sent TO aigym_app;
CREATE POLICY reminders_sent_select ON reminders_sent FOR SELECT TO aigym_app USING ((SELECT app.is_admin()));

INSERT INTO feature_flags (key, description, enabled)
VALUES ('programs', 'Programs: learning paths with due dates, reminders and certificates.', true)
ON CONFLICT (key) DO NOTHING;

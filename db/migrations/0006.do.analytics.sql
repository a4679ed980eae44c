-- Analytics read aggregates, never transcripts. Chat usage is rolled up per user, agent and day by
-- triggers as messages and conversations are written, so dashboards stay fast at a million messages
-- and never need to read the owner-only conversations and messages tables.

CREATE TABLE usage_daily (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- No foreign key: usage of an agent that was later deleted still counts in history.
  agent_id      uuid NOT NULL,
  day           date NOT NULL,
  conversations integer NOT NULL DEFAULT 0,
  messages      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, day, agent_id)
);
CREATE INDEX usage_daily_day_idx ON usage_daily (day) INCLUDE (user_id, agent_id, conversations, messages);

CREATE FUNCTION app.count_conversation() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NEW.agent_id IS NOT NULL THEN
    INSERT INTO public.usage_daily (user_id, agent_id, day, conversations)
    VALUES (NEW.user_id, NEW.agent_id, (NEW.created_at AT TIME ZONE 'UTC')::date, 1)
    ON CONFLICT (user_id, day, agent_id) DO UPDATE SET conversations = public.usage_daily.conversations + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER conversations_usage AFTER INSERT ON conversations FOR EACH ROW EXECUTE FUNCTION app.count_conversation();

-- Messages the member sent (their own words count as activity; answers do not).
CREATE FUNCTION app.count_message() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_agent uuid;
BEGIN
  IF NEW.role = 'user' THEN
    SELECT c.agent_id INTO v_agent FROM public.conversations c WHERE c.id = NEW.conversation_id;
    IF v_agent IS NOT NULL THEN
      INSERT INTO public.usage_daily (user_id, agent_id, day, messages)
      VALUES (NEW.user_id, v_agent, (NEW.created_at AT TIME ZONE 'UTC')::date, 1)
      ON CONFLICT (user_id, day, agent_id) DO UPDATE SET messages = public.usage_daily.messages + 1;
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER messages_usage AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION app.count_message();

-- Rebuilds the rollup from scratch (after a bulk load that bypassed the triggers).
CREATE FUNCTION app.rebuild_usage_daily() RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    DELETE FROM public.usage_daily;
    INSERT INTO public.usage_daily (user_id, agent_id, day, conversations, messages)
    SELECT user_id, agent_id, day, sum(conversations), sum(messages) FROM (
      SELECT c.user_id, c.agent_id, (c.created_at AT TIME ZONE 'UTC')::date AS day, 1 AS conversations, 0 AS messages
        FROM public.conversations c WHERE c.agent_id IS NOT NULL
      UNION ALL
      SELECT m.user_id, c.agent_id, (m.created_at AT TIME ZONE 'UTC')::date, 0, 1
        FROM public.messages m JOIN public.conversations c ON c.id = m.conversation_id
       WHERE m.role = 'user' AND c.agent_id IS NOT NULL
    ) u GROUP BY user_id, agent_id, day;
  $$;

REVOKE ALL ON FUNCTION app.count_conversation(), app.count_message(), app.rebuild_usage_daily() FROM PUBLIC;

-- usage_daily: read-only through the app. Admins see all; a manager sees their members'; a member
-- their own. Only the triggers write it.
ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY;
GRANT SELECT ON usage_daily TO aigym_app;
CREATE POLICY usage_daily_select ON usage_daily FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
);

-- Managers also read their members' content progress (aggregates for their dashboard).
DROP POLICY content_progress_select ON content_progress;
CREATE POLICY content_progress_select ON content_progress FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR user_id IN (SELECT app.my_managed_user_ids())
);
CREATE INDEX content_progress_completed_idx ON content_progress (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX content_progress_viewed_idx ON content_progress (viewed_at) WHERE viewed_at IS NOT NULL;
CREATE INDEX content_progress_last_activity_idx ON content_progress (last_activity_at);

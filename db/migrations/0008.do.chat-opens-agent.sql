-- Chatting with an agent is opening it: the member's progress on the agent records a view when a
-- conversation with it starts, and each message they send is activity on it. Without this, an agent
-- someone talks to every day stays "new for you" and shows as never opened in every manager view.
-- Staff (platform admins) trying agents out are not client activity and are left out.

CREATE FUNCTION app.open_agent_on_chat() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE v_agent uuid;
BEGIN
  IF TG_TABLE_NAME = 'conversations' THEN
    v_agent := NEW.agent_id;
  ELSIF NEW.role = 'user' THEN
    SELECT c.agent_id INTO v_agent FROM public.conversations c WHERE c.id = NEW.conversation_id;
  END IF;
  IF v_agent IS NULL
     OR NOT EXISTS (SELECT 1 FROM public.content_items ci WHERE ci.id = v_agent)
     OR EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.user_id AND u.role = 'admin') THEN
    RETURN NEW;
  END IF;
  INSERT INTO public.content_progress (user_id, content_id, viewed_at, last_activity_at)
  VALUES (NEW.user_id, v_agent, NEW.created_at, NEW.created_at)
  ON CONFLICT (user_id, content_id) DO UPDATE
    SET viewed_at = coalesce(public.content_progress.viewed_at, EXCLUDED.viewed_at),
        last_activity_at = greatest(public.content_progress.last_activity_at, EXCLUDED.last_activity_at);
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION app.open_agent_on_chat() FROM PUBLIC;

CREATE TRIGGER conversations_open_agent AFTER INSERT ON conversations FOR EACH ROW EXECUTE FUNCTION app.open_agent_on_chat();
CREATE TRIGGER messages_open_agent AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION app.open_agent_on_chat();

-- What already happened counts too: the first conversation is the opening, the latest message the last activity.
INSERT INTO content_progress (user_id, content_id, viewed_at, last_activity_at)
SELECT c.user_id, c.agent_id, min(c.created_at), max(c.updated_at)
  FROM conversations c
  JOIN content_items ci ON ci.id = c.agent_id
  JOIN users u ON u.id = c.user_id AND u.role <> 'admin'
 GROUP BY c.user_id, c.agent_id
ON CONFLICT (user_id, content_id) DO UPDATE
  SET viewed_at = coalesce(content_progress.viewed_at, EXCLUDED.viewed_at),
      last_activity_at = greatest(content_progress.last_activity_at, EXCLUDED.last_activity_at);

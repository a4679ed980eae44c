-- Progress rows written by the trigger stay: they record real openings.
DROP TRIGGER messages_open_agent ON messages;
DROP TRIGGER conversations_open_agent ON conversations;
DROP FUNCTION app.open_agent_on_chat();

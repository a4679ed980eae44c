-- An answer cut by a server shutdown (a deploy) keeps its partial text as 'interrupted'.
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN ('complete', 'stopped', 'error', 'interrupted'));

UPDATE messages SET status = 'error' WHERE status = 'interrupted';
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN ('complete', 'stopped', 'error'));

DELETE FROM feature_flags WHERE key = 'knowledge';
DROP TABLE knowledge_chunks;
DROP TABLE knowledge_files;
DROP FUNCTION app.my_knowledge_file_ids();
ALTER TABLE messages DROP COLUMN citations;
ALTER TABLE agent_details DROP COLUMN knowledge_content_ids, DROP COLUMN knowledge_file_ids, DROP COLUMN knowledge_strict;

DROP FUNCTION app.fail_unfinished_knowledge_files(text, interval);

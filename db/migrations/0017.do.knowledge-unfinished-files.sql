-- A knowledge file is read in the server's memory after its upload answers 201. A restart in between
-- (a deploy, a crash) leaves it 'processing' for ever, and the editor shows a spinner that never ends.
-- At start-up the server marks such files failed, with a reason the administrator can act on
-- (uploading the file again reads it anew). Files another instance may still be reading are spared:
-- only those untouched for `p_untouched_for` are failed.
CREATE FUNCTION app.fail_unfinished_knowledge_files(p_reason text, p_untouched_for interval)
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH failed AS (
      UPDATE public.knowledge_files
         SET status = 'failed', error = left(p_reason, 1000), chunk_count = 0
       WHERE status = 'processing' AND updated_at <= now() - p_untouched_for
      RETURNING 1
    )
    SELECT count(*)::integer FROM failed
  $$;
REVOKE ALL ON FUNCTION app.fail_unfinished_knowledge_files(text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.fail_unfinished_knowledge_files(text, interval) TO aigym_app;

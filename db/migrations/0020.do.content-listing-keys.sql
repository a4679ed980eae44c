-- Issue 16 (ADR 0028): a member's content list reads its page from the assignment rows.
--
-- A member sees the published items assigned to their communities. Their list used to gather all of
-- those (~300 in the benchmark) by primary key, check each against the policy, sort them and keep
-- 20. Each assignment row now carries the item's listing keys, so the page comes from an index range
-- per community (20 entries each) and only the page's items are read.
--
-- The keys are copies, kept by the triggers below, and they are NULL unless the item is published:
-- a member, who can read the assignment rows of their own communities, learns nothing from them
-- that content_items' own policy does not already show them. The list still reads every item it
-- returns from content_items, under that policy, and re-applies its filters there; the copies only
-- choose which items to read.
ALTER TABLE content_assignments
  ADD COLUMN listed_kind       text,
  ADD COLUMN listed_title_key  text,
  ADD COLUMN listed_updated_at timestamptz;

-- The copy of one assignment row, taken from its item. The only writers of the listed_* columns are
-- these triggers (the app role may not write them), so they cannot drift from the item.
CREATE FUNCTION app.copy_content_listing() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_kind text;
  v_title text;
  v_status text;
  v_updated_at timestamptz;
BEGIN
  -- FOR SHARE waits for an edit of the item that has not committed yet and then reads the edited
  -- item: without it, an assignment made while the item was being published would copy the draft
  -- (no keys), and the edit's trigger below cannot see the uncommitted assignment to correct it.
  SELECT ci.kind, ci.title, ci.status, ci.updated_at INTO v_kind, v_title, v_status, v_updated_at
    FROM public.content_items ci
   WHERE ci.id = NEW.content_id
     FOR SHARE;
  IF v_status = 'published' THEN
    NEW.listed_kind := v_kind;
    NEW.listed_title_key := lower(v_title);
    NEW.listed_updated_at := v_updated_at;
  ELSE
    NEW.listed_kind := NULL;
    NEW.listed_title_key := NULL;
    NEW.listed_updated_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER content_assignments_listing BEFORE INSERT OR UPDATE ON content_assignments
  FOR EACH ROW EXECUTE FUNCTION app.copy_content_listing();

-- An item's edit reaches its assignment rows: updating them fires their trigger above, which
-- replaces whatever this statement sets with the item's current keys.
CREATE FUNCTION app.sync_content_listing() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  UPDATE public.content_assignments SET listed_updated_at = NULL WHERE content_id = NEW.id;
  RETURN NULL;
END $$;
-- Not `AFTER UPDATE OF columns`: that looks only at the statement's SET list, and updated_at is
-- changed by the touch trigger, not by the statements that edit an item.
CREATE TRIGGER content_items_listing AFTER UPDATE ON content_items
  FOR EACH ROW
  WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.title IS DISTINCT FROM NEW.title
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
  EXECUTE FUNCTION app.sync_content_listing();

REVOKE ALL ON FUNCTION app.copy_content_listing(), app.sync_content_listing() FROM PUBLIC;

-- The app writes which item goes where; never the copies.
REVOKE INSERT, UPDATE ON content_assignments FROM aigym_app;
GRANT INSERT (content_id, community_id, assigned_by, assigned_at), UPDATE (content_id, community_id, assigned_by, assigned_at)
  ON content_assignments TO aigym_app;

-- Fill the copies of the rows already there (through the trigger, as above).
UPDATE content_assignments SET listed_updated_at = NULL;

-- The two orders the list offers, newest first and by title, each within one community.
CREATE INDEX content_assignments_listed_recent_idx
  ON content_assignments (community_id, listed_updated_at DESC, content_id DESC) INCLUDE (listed_kind)
  WHERE listed_updated_at IS NOT NULL;
CREATE INDEX content_assignments_listed_title_idx
  ON content_assignments (community_id, listed_title_key, content_id) INCLUDE (listed_kind)
  WHERE listed_updated_at IS NOT NULL;

-- A member's read of an item checks that item's own assignment rows (a primary-key probe), instead
-- of first building the set of every item they may see (~300 in the benchmark) in each statement
-- that reads content_items. Who sees what is unchanged: published, and assigned to a community of
-- theirs.
ALTER POLICY content_items_select ON content_items USING (
  (SELECT app.is_admin())
  OR (status = 'published' AND EXISTS (
        SELECT 1 FROM content_assignments a
         WHERE a.content_id = content_items.id AND a.community_id = ANY (ARRAY(SELECT app.my_community_ids()))))
);

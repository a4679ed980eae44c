-- One identity for the whole product: the users table. Every policy reads who is asking only
-- through app.current_user_id() and app.is_admin(), which read settings the server sets per
-- transaction from a verified token and the user's current row. An unset identity matches no row.

-- Tables FORCE row-level security, so their owner is subject to it too: the owner (which also owns
-- the SECURITY DEFINER lookups) must bypass it, or nobody could ever sign in.
DO $$
BEGIN
  IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'migrations must run as a superuser or a role with BYPASSRLS (current role: %)', current_user;
  END IF;
END $$;

DO $$
BEGIN
  CREATE ROLE aigym_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database on this server already made it
END $$;

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO aigym_app;
GRANT USAGE ON SCHEMA public TO aigym_app;

CREATE FUNCTION app.current_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app.is_admin() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.role', true), '') = 'admin' AND app.current_user_id() IS NOT NULL $$;

CREATE TABLE users (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email               text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  role                text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'suspended')),
  password_hash       text,
  password_changed_at timestamptz,
  last_login_at       timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  created_by          uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);

CREATE TABLE communities (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX communities_name_key ON communities (lower(name));

CREATE TABLE community_members (
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role         text NOT NULL DEFAULT 'member' CHECK (role IN ('manager', 'member')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user_idx ON community_members (user_id, community_id);

-- Membership lookups used by policies. (ROWS gives the planner a realistic estimate: with the default
-- of 1000 it prefers scanning whole tables over probing the primary key for a few ids.) SECURITY DEFINER so a policy on community_members (or on a
-- table whose policy reads it) does not recurse into community_members' own policy; the fixed
-- search_path keeps them from resolving objects a caller could plant.
CREATE FUNCTION app.my_community_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT m.community_id FROM public.community_members m WHERE m.user_id = app.current_user_id() $$;

CREATE FUNCTION app.my_managed_community_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 10 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT m.community_id FROM public.community_members m
        WHERE m.user_id = app.current_user_id() AND m.role = 'manager' $$;

CREATE FUNCTION app.my_managed_user_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 500 SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT m.user_id FROM public.community_members m
        WHERE m.community_id IN (SELECT app.my_managed_community_ids()) $$;

-- Pre-authentication lookups: the only way to read a user before the request has an identity.
CREATE FUNCTION app.find_login(p_email text)
  RETURNS TABLE (id uuid, role text, status text, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT u.id, u.role, u.status, u.password_hash FROM public.users u WHERE u.email = lower(p_email) $$;

-- First start: creates the first admin, only while no admin exists (returns whether it did).
CREATE FUNCTION app.bootstrap_admin(p_email text, p_display_name text, p_password_hash text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.users WHERE role = 'admin') THEN
    RETURN false;
  END IF;
  INSERT INTO public.users (email, display_name, role, status, password_hash, password_changed_at)
  VALUES (lower(p_email), p_display_name, 'admin', 'active', p_password_hash, now())
  ON CONFLICT (email) DO UPDATE
    SET role = 'admin', status = 'active', password_hash = EXCLUDED.password_hash, password_changed_at = now();
  RETURN true;
END $$;

-- Through the app, members may edit their own row (name, password), never their role, email or
-- status (except accepting an invitation: invited → active). Owner maintenance is not restricted.
CREATE FUNCTION app.users_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_user = 'aigym_app' AND NOT app.is_admin() THEN
    IF NEW.role IS DISTINCT FROM OLD.role OR NEW.email IS DISTINCT FROM OLD.email THEN
      RAISE EXCEPTION 'only an admin may change a role or an email' USING ERRCODE = '42501';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'invited' AND NEW.status = 'active') THEN
      RAISE EXCEPTION 'only an admin may change a status' USING ERRCODE = '42501';
    END IF;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER users_guard BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION app.users_guard();

CREATE FUNCTION app.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER communities_touch BEFORE UPDATE ON communities FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

REVOKE ALL ON FUNCTION app.my_community_ids(), app.my_managed_community_ids(), app.my_managed_user_ids(),
  app.find_login(text), app.bootstrap_admin(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.is_admin(), app.my_community_ids(),
  app.my_managed_community_ids(), app.my_managed_user_ids(), app.find_login(text) TO aigym_app;

-- users: admins see and manage everyone; a member sees themself; a manager also sees the members
-- of the communities they manage.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON users TO aigym_app;
-- Identity columns (id, email, created_*) are never rewritten through the app.
GRANT UPDATE (display_name, role, status, password_hash, password_changed_at, last_login_at, updated_at) ON users TO aigym_app;
CREATE POLICY users_select ON users FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR id = (SELECT app.current_user_id())
  -- A manager's members can number thousands: a hashed IN beats scanning an array per row.
  OR id IN (SELECT app.my_managed_user_ids())
);
CREATE POLICY users_insert ON users FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY users_update ON users FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin()) OR id = (SELECT app.current_user_id()))
  WITH CHECK ((SELECT app.is_admin()) OR id = (SELECT app.current_user_id()));
CREATE POLICY users_delete ON users FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- communities: admins manage; members see the communities they belong to.
ALTER TABLE communities ENABLE ROW LEVEL SECURITY;
ALTER TABLE communities FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON communities TO aigym_app;
CREATE POLICY communities_select ON communities FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin()) OR id = ANY (ARRAY(SELECT app.my_community_ids()))
);
CREATE POLICY communities_insert ON communities FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY communities_update ON communities FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY communities_delete ON communities FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- community_members: admins manage; a member sees their own memberships; a manager sees every
-- membership of the communities they manage.
ALTER TABLE community_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE community_members FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON community_members TO aigym_app;
CREATE POLICY community_members_select ON community_members FOR SELECT TO aigym_app USING (
  (SELECT app.is_admin())
  OR user_id = (SELECT app.current_user_id())
  OR community_id = ANY (ARRAY(SELECT app.my_managed_community_ids()))
);
CREATE POLICY community_members_insert ON community_members FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY community_members_update ON community_members FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY community_members_delete ON community_members FOR DELETE TO aigym_app USING ((SELECT app.is_admin()));

-- The aigym_app role is cluster-wide and may serve other databases on the server: it stays.
DROP TABLE community_members;
DROP TABLE communities;
DROP TABLE users;
DROP SCHEMA app CASCADE;
REVOKE USAGE ON SCHEMA public FROM aigym_app;

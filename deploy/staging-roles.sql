-- Staging database roles, as docs/deployment.md ("Database roles") prescribes for production:
-- an owner that runs the migrations and a least-privilege login for the app.
-- CREATEROLE: the first migration runs CREATE ROLE aigym_app, which PostgreSQL checks for permission
-- before it notices that the role exists.
CREATE ROLE aigym_owner LOGIN PASSWORD 'staging-owner' BYPASSRLS CREATEROLE;
CREATE DATABASE aigym OWNER aigym_owner;
-- The first migration creates aigym_app if it is missing; made here so the app login can join it now.
CREATE ROLE aigym_app NOLOGIN;
CREATE ROLE aigym_web LOGIN PASSWORD 'staging-web';
GRANT aigym_app TO aigym_web;

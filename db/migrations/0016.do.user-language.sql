-- Each person's language for the web app and the emails they receive (ADR 0022). NULL: not chosen
-- yet — the browser's language is used in the app, and emails fall back as the mailer explains.
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('en', 'es'));
-- A person sets their own (the users_update policy already limits rows to themself or an admin).
GRANT UPDATE (language) ON users TO aigym_app;

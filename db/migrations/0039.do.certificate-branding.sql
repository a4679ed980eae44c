-- Issue 25: a certificate names who awards it. Admins set the organisation's name, its logo (a file
-- under DATA_DIR/uploads, like content thumbnails) and who signs; the PDF also prints the client's
-- community, the program's estimated hours and the assessed score where a graded step has one.
-- One row for the whole installation: `id` is always true.
CREATE TABLE certificate_branding (
  id                boolean PRIMARY KEY DEFAULT true CHECK (id),
  organisation_name text NOT NULL DEFAULT '' CHECK (length(organisation_name) <= 200),
  -- The public path of the stored image (/uploads/<uuid>.png|jpg), or null for no logo.
  logo_path         text CHECK (logo_path ~ '^/uploads/[0-9a-f-]{36}\.(png|jpg)$'),
  signatory_name    text NOT NULL DEFAULT '' CHECK (length(signatory_name) <= 120),
  signatory_title   text NOT NULL DEFAULT '' CHECK (length(signatory_title) <= 120),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER certificate_branding_touch BEFORE UPDATE ON certificate_branding FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

-- Every signed-in user reads (a holder prints their own certificate with it); admins write.
ALTER TABLE certificate_branding ENABLE ROW LEVEL SECURITY;
ALTER TABLE certificate_branding FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON certificate_branding TO aigym_app;
CREATE POLICY certificate_branding_select ON certificate_branding FOR SELECT TO aigym_app USING ((SELECT app.current_user_id()) IS NOT NULL);
CREATE POLICY certificate_branding_insert ON certificate_branding FOR INSERT TO aigym_app WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY certificate_branding_update ON certificate_branding FOR UPDATE TO aigym_app
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));

-- The estimated learning hours, printed on the certificate; optional.
ALTER TABLE programs ADD COLUMN hours numeric(5, 1) CHECK (hours BETWEEN 0.5 AND 1000);

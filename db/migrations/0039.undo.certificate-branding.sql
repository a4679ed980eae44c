ALTER TABLE programs DROP COLUMN hours;
DROP TABLE certificate_branding;

-- detection an operator can trust: each source's time zone and bound on its clock; alerts that say how many events they counted, the correlation's measure, the subject (address, user or host) they are about and the observables they carry; the window within which one subject's alerts join one incident
ALTER TABLE log_sources ADD COLUMN utc_offset_minutes INTEGER;
ALTER TABLE log_sources ADD COLUMN max_skew_seconds INTEGER NOT NULL DEFAULT 600;
ALTER TABLE detection_alerts ADD COLUMN events BIGINT NOT NULL DEFAULT 1;
ALTER TABLE detection_alerts ADD COLUMN measure TEXT NOT NULL DEFAULT '';
ALTER TABLE detection_alerts ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE detection_alerts ADD COLUMN observables TEXT NOT NULL DEFAULT '';
CREATE INDEX detection_alerts_subject ON detection_alerts(unit_id, subject, last_seen);
ALTER TABLE detection_settings ADD COLUMN join_minutes INTEGER;

-- a leader's recorded decision to keep a computed-serious incident on the normal track
-- (QĐ 05/2017 Điều 14; the rule set's "escalation_required"): who, why and when
ALTER TABLE incidents ADD COLUMN track_decision_login TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN track_decision_name TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN track_decision_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN track_decided_at BIGINT;

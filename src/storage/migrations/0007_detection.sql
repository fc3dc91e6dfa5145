-- detection: log sources bound to units, alerts, rule and auto-open settings
CREATE TABLE log_sources (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX log_sources_syslog ON log_sources(address) WHERE kind = 'syslog' AND active = 1;
CREATE TABLE detection_alerts (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_id TEXT NOT NULL,
    rule_title TEXT NOT NULL,
    level TEXT NOT NULL,
    group_key TEXT NOT NULL DEFAULT '',
    hits BIGINT NOT NULL DEFAULT 1,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    first_event_seq BIGINT NOT NULL DEFAULT 0,
    last_event_seq BIGINT NOT NULL DEFAULT 0,
    sample TEXT NOT NULL DEFAULT '',
    incident_id BIGINT REFERENCES incidents(id),
    state TEXT NOT NULL DEFAULT 'new'
);
CREATE INDEX detection_alerts_ongoing ON detection_alerts(unit_id, rule_id, group_key, last_seen);
CREATE TABLE detection_settings (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_id TEXT NOT NULL DEFAULT '',
    enabled INTEGER,
    auto_open_level TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, rule_id)
);

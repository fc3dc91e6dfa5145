-- the website monitor: the sites watched with their approved page and what the monitor holds about each between checks, hourly counts of checks for uptime and latency, and the events (outages, recoveries, content findings, certificates, DNS) with their evidence
CREATE TABLE monitor_targets (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    system_id BIGINT REFERENCES systems(id),
    url TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    interval_seconds INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    public_status INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    baseline_at BIGINT,
    baseline_by TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    pending TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'unknown',
    state_since BIGINT,
    last_check BIGINT,
    failures INTEGER NOT NULL DEFAULT 0,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    cert_not_after BIGINT,
    cert_issuer TEXT NOT NULL DEFAULT '',
    cert_fingerprint TEXT NOT NULL DEFAULT '',
    dns TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    recent_downs TEXT NOT NULL DEFAULT '',
    outage_incident_id BIGINT REFERENCES incidents(id),
    content_incident_id BIGINT REFERENCES incidents(id),
    UNIQUE (unit_id, url)
);
CREATE INDEX monitor_targets_unit ON monitor_targets (unit_id);
CREATE TABLE monitor_hours (
    target_id BIGINT NOT NULL REFERENCES monitor_targets(id),
    hour BIGINT NOT NULL,
    checks INTEGER NOT NULL,
    ups INTEGER NOT NULL,
    latency_sum BIGINT NOT NULL,
    latency_max INTEGER NOT NULL,
    PRIMARY KEY (target_id, hour)
);
CREATE INDEX monitor_hours_hour ON monitor_hours (hour);
CREATE TABLE monitor_events (
    id {ID},
    target_id BIGINT NOT NULL REFERENCES monitor_targets(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    summary_vi TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    incident_id BIGINT REFERENCES incidents(id),
    actor TEXT NOT NULL DEFAULT ''
);
CREATE INDEX monitor_events_target ON monitor_events (target_id, id);

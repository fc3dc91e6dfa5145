-- incidents, timeline, tasks, observables, attachments, reports, outbox, plans
CREATE TABLE incidents (
    id {ID},
    code TEXT UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_set TEXT NOT NULL,
    track TEXT NOT NULL,
    state TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    severity TEXT NOT NULL,
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL DEFAULT '',
    dedup_key TEXT,
    repeat_count INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_address TEXT NOT NULL DEFAULT '',
    reporter_position TEXT NOT NULL DEFAULT '',
    reporter_phone TEXT NOT NULL DEFAULT '',
    reporter_email TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_address TEXT NOT NULL DEFAULT '',
    contact_position TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    affected_text TEXT NOT NULL DEFAULT '',
    handled INTEGER,
    detection_methods TEXT NOT NULL DEFAULT '',
    detection_note TEXT NOT NULL DEFAULT '',
    notified_parties TEXT NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 0,
    proposals TEXT NOT NULL DEFAULT '',
    scenarios TEXT NOT NULL DEFAULT '',
    impacts TEXT NOT NULL DEFAULT '',
    capacity TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    capacity_exceeded_at BIGINT,
    serious_at BIGINT,
    escalated_at BIGINT,
    response_ended_at BIGINT,
    closed_at BIGINT,
    merged_into BIGINT REFERENCES incidents(id),
    tracking_code TEXT UNIQUE,
    next_due_at BIGINT,
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX incidents_detected ON incidents(detected_at, id);
CREATE INDEX incidents_unit_detected ON incidents(unit_id, detected_at, id);
CREATE INDEX incidents_state_detected ON incidents(state, detected_at, id);
CREATE INDEX incidents_updated ON incidents(updated_at, id);
CREATE INDEX incidents_due ON incidents(is_open, next_due_at);
CREATE INDEX incidents_dedup ON incidents(dedup_key, is_open);
CREATE TABLE incident_systems (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    system_id BIGINT NOT NULL REFERENCES systems(id),
    PRIMARY KEY (incident_id, system_id)
);
CREATE TABLE incident_scenarios (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    scenario TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, scenario)
);
CREATE INDEX incident_scenarios_by ON incident_scenarios(scenario, detected_at, incident_id);
CREATE TABLE incident_events (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);
CREATE TABLE incident_tasks (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL DEFAULT '',
    assignee_id BIGINT REFERENCES users(id),
    due_at BIGINT,
    done_at BIGINT,
    result TEXT NOT NULL DEFAULT '',
    from_plan INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id, id);
CREATE TABLE incident_observables (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, kind, value)
);
CREATE INDEX incident_observables_value ON incident_observables(kind, value);
CREATE TABLE incident_attachments (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX incident_attachments_incident ON incident_attachments(incident_id);
CREATE TABLE incident_reports (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    type TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    number TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    requested_help TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    initial_report_id BIGINT REFERENCES incident_reports(id),
    issued_at BIGINT,
    issued_by TEXT NOT NULL DEFAULT '',
    signed_name TEXT NOT NULL DEFAULT '',
    signed_sha256 TEXT NOT NULL DEFAULT '',
    signed_type TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX incident_reports_incident ON incident_reports(incident_id, id);
CREATE INDEX incident_reports_number ON incident_reports(unit_id, year, seq);
CREATE TABLE deliveries (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    report_id BIGINT REFERENCES incident_reports(id),
    kind TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    via_function TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_incident ON deliveries(incident_id, id);
CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at);
CREATE INDEX deliveries_unit ON deliveries(unit_id, channel, id);
CREATE TABLE unit_routing (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    functions TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE clock_notices (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    clock TEXT NOT NULL,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, clock, kind)
);
CREATE TABLE response_plans (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    system_id BIGINT REFERENCES systems(id),
    scenario TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '',
    tools TEXT NOT NULL DEFAULT '',
    contractors TEXT NOT NULL DEFAULT '',
    budget_vnd BIGINT NOT NULL DEFAULT 0,
    continuity TEXT NOT NULL DEFAULT '',
    approved_at BIGINT,
    approved_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX response_plans_lookup ON response_plans(unit_id, scenario, state);
CREATE TABLE plan_steps (
    plan_id BIGINT NOT NULL REFERENCES response_plans(id),
    pos INTEGER NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL DEFAULT '',
    due_hours INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, pos)
);
CREATE TABLE plan_criteria (
    plan_id BIGINT NOT NULL REFERENCES response_plans(id),
    pos INTEGER NOT NULL,
    body TEXT NOT NULL,
    serious INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, pos)
);

-- the harmful-content register: cases of content about the province (fake portals, impersonating accounts, fake news, fraud) with the unit handling each, its hand-over to the police or the Department, the evidence kept (files by SHA-256, captured or uploaded) and the takedown requests sent to platforms with their answers
CREATE TABLE harmful_cases (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    location TEXT NOT NULL,
    platform TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    first_seen BIGINT NOT NULL,
    state TEXT NOT NULL,
    handed_to TEXT NOT NULL DEFAULT '',
    handed_at BIGINT,
    handover_ref TEXT NOT NULL DEFAULT '',
    source_incident_id BIGINT REFERENCES incidents(id),
    malware_incident_id BIGINT REFERENCES incidents(id),
    search_text TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX harmful_cases_unit ON harmful_cases(unit_id, first_seen);
CREATE UNIQUE INDEX harmful_cases_source ON harmful_cases(source_incident_id);

CREATE TABLE harmful_case_evidence (
    id {ID},
    case_id BIGINT NOT NULL REFERENCES harmful_cases(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    source_url TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL,
    added_at BIGINT NOT NULL
);
CREATE INDEX harmful_case_evidence_case ON harmful_case_evidence(case_id);

CREATE TABLE harmful_takedowns (
    id {ID},
    case_id BIGINT NOT NULL REFERENCES harmful_cases(id),
    recipient TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    sent_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    answered_at BIGINT,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL
);
CREATE INDEX harmful_takedowns_case ON harmful_takedowns(case_id);

-- information systems, level dossiers, working calendar
CREATE TABLE systems (
    id {ID},
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    operator_unit_id BIGINT REFERENCES units(id),
    parent_id BIGINT REFERENCES systems(id),
    vendor TEXT NOT NULL DEFAULT '',
    system_class TEXT NOT NULL,
    info_classes TEXT NOT NULL DEFAULT '',
    user_count BIGINT NOT NULL DEFAULT 0,
    online_service_level INTEGER NOT NULL DEFAULT 0,
    conditional_business INTEGER NOT NULL DEFAULT 0,
    infrastructure_scope TEXT NOT NULL DEFAULT 'none',
    works_grade TEXT NOT NULL DEFAULT 'none',
    requires_24_7 INTEGER NOT NULL DEFAULT 0,
    national_egovernment INTEGER NOT NULL DEFAULT 0,
    national_data_store INTEGER NOT NULL DEFAULT 0,
    secret_impact TEXT NOT NULL DEFAULT 'none',
    national_critical INTEGER NOT NULL DEFAULT 0,
    services TEXT NOT NULL DEFAULT '',
    security_measures TEXT NOT NULL DEFAULT '',
    operating_systems TEXT NOT NULL DEFAULT '',
    isp TEXT NOT NULL DEFAULT '',
    security_provider TEXT NOT NULL DEFAULT '',
    proposed_level INTEGER NOT NULL,
    approved_level INTEGER,
    approved_at BIGINT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX systems_owner ON systems(owner_unit_id);
CREATE INDEX systems_parent ON systems(parent_id);
CREATE TABLE system_addresses (
    system_id BIGINT NOT NULL REFERENCES systems(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (system_id, kind, value)
);
CREATE INDEX system_addresses_value ON system_addresses(value);
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    working INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE dossiers (
    id {ID},
    system_id BIGINT NOT NULL REFERENCES systems(id),
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    reviewer_unit_id BIGINT NOT NULL REFERENCES units(id),
    proposed_level INTEGER NOT NULL,
    justification TEXT NOT NULL DEFAULT '',
    rule_set TEXT NOT NULL,
    state TEXT NOT NULL,
    stage_started_at BIGINT,
    due_at BIGINT,
    decision_number TEXT NOT NULL DEFAULT '',
    decided_at BIGINT,
    return_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX dossiers_system ON dossiers(system_id);
CREATE INDEX dossiers_owner ON dossiers(owner_unit_id, state);
CREATE INDEX dossiers_reviewer ON dossiers(reviewer_unit_id, state);
CREATE TABLE dossier_events (
    id {ID},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor_login TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id);
CREATE TABLE dossier_documents (
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    slot TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, slot)
);

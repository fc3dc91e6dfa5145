-- protection layers, assessments, inventory, risk register
CREATE TABLE protection_layers (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    layer INTEGER NOT NULL,
    state TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    since TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, layer)
);
CREATE TABLE assessments (
    id {ID},
    kind TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    system_id BIGINT REFERENCES systems(id),
    performed_on TEXT NOT NULL,
    performer TEXT NOT NULL,
    licensed INTEGER NOT NULL DEFAULT 0,
    findings TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX assessments_unit ON assessments(unit_id, kind);
CREATE INDEX assessments_system ON assessments(system_id, kind);
CREATE TABLE inventory_items (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    expires_on TEXT,
    stamped_on TEXT,
    sensitive_place INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX inventory_unit ON inventory_items(unit_id, state, expires_on);
CREATE TABLE risks (
    id {ID},
    system_id BIGINT NOT NULL REFERENCES systems(id),
    scenario TEXT NOT NULL,
    likelihood INTEGER NOT NULL,
    impact INTEGER NOT NULL,
    consequences TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '',
    tools TEXT NOT NULL DEFAULT '',
    contractors TEXT NOT NULL DEFAULT '',
    reviewed_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (system_id, scenario)
);

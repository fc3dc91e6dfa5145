-- warnings down the tree: what a warning says and whom it targets, the items (a unit, or one of its systems) that must answer, their answers, and the reminders and overdue notices sent about them
CREATE TABLE warnings (
    id {ID},
    issuer_unit_id BIGINT NOT NULL REFERENCES units(id),
    parent_id BIGINT REFERENCES warnings(id),
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    actions TEXT NOT NULL,
    deadline BIGINT NOT NULL,
    refs TEXT NOT NULL DEFAULT '',
    tlp TEXT NOT NULL,
    target_unit_id BIGINT NOT NULL REFERENCES units(id),
    target_kinds TEXT NOT NULL DEFAULT '',
    trait_os TEXT NOT NULL DEFAULT '',
    trait_vendor TEXT NOT NULL DEFAULT '',
    trait_software TEXT NOT NULL DEFAULT '',
    trait_services TEXT NOT NULL DEFAULT '',
    trait_min_level INTEGER,
    issued_at BIGINT NOT NULL,
    issued_by TEXT NOT NULL,
    withdrawn_at BIGINT
);
CREATE INDEX warnings_issuer ON warnings (issuer_unit_id, id);
CREATE INDEX warnings_parent ON warnings (parent_id);
CREATE INDEX warnings_deadline ON warnings (deadline);
CREATE TABLE warning_indicators (
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (warning_id, kind, value)
);
CREATE INDEX warning_indicators_value ON warning_indicators (kind, value);
CREATE TABLE warning_items (
    id {ID},
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    system_id BIGINT REFERENCES systems(id),
    answer TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    answered_at BIGINT,
    answered_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX warning_items_warning ON warning_items (warning_id, unit_id);
CREATE INDEX warning_items_unit ON warning_items (unit_id, warning_id);
CREATE TABLE warning_notices (
    id {ID},
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    about_unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    email_state TEXT NOT NULL DEFAULT 'none',
    email_attempts INTEGER NOT NULL DEFAULT 0,
    email_next_at BIGINT,
    email_error TEXT NOT NULL DEFAULT '',
    UNIQUE (warning_id, about_unit_id, kind)
);
CREATE INDEX warning_notices_unit ON warning_notices (unit_id, id);
CREATE INDEX warning_notices_mail ON warning_notices (email_state, email_next_at);

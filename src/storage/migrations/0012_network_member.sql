-- the network member's own duties (TT 20/2017 Điều 5, 6, 8): staff qualifications for the Mẫu 01 annex, the member profile, the log of contact-point changes and the 24-hour notices of them, Mẫu 06 coordination orders with one task per addressed unit
ALTER TABLE people ADD COLUMN training_field TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN degree TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN certificates TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN certificate_scope TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN expert_group TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN school TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN major TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN graduated TEXT NOT NULL DEFAULT '';
CREATE TABLE member_profiles (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    member_code TEXT NOT NULL DEFAULT '',
    membership TEXT NOT NULL DEFAULT 'mandatory',
    capability TEXT NOT NULL DEFAULT '',
    activity TEXT NOT NULL DEFAULT '',
    pgp_key TEXT NOT NULL DEFAULT '',
    submitted_on TEXT,
    updated_at BIGINT NOT NULL
);
CREATE TABLE contact_changes (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    person_name TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX contact_changes_unit ON contact_changes(unit_id, at);
CREATE TABLE contact_notices (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    recipient_unit_id BIGINT NOT NULL REFERENCES units(id),
    via_function TEXT NOT NULL,
    changes_from BIGINT NOT NULL,
    through_change BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    sent_by TEXT NOT NULL,
    body TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    email_state TEXT NOT NULL DEFAULT 'none',
    email_attempts INTEGER NOT NULL DEFAULT 0,
    email_next_at BIGINT,
    email_error TEXT NOT NULL DEFAULT '',
    acknowledged_at BIGINT,
    acknowledged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_notices_unit ON contact_notices(unit_id, id);
CREATE INDEX contact_notices_recipient ON contact_notices(recipient_unit_id, id);
CREATE INDEX contact_notices_mail ON contact_notices(email_state, email_next_at);
CREATE TABLE coordination_orders (
    id {ID},
    receiving_unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    issuer TEXT NOT NULL,
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    subject TEXT NOT NULL,
    actions TEXT NOT NULL,
    deadline BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX coordination_orders_unit ON coordination_orders(receiving_unit_id, id);
CREATE TABLE order_tasks (
    id {ID},
    order_id BIGINT NOT NULL REFERENCES coordination_orders(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    answer TEXT NOT NULL DEFAULT '',
    answered_at BIGINT,
    answered_by TEXT NOT NULL DEFAULT '',
    UNIQUE (order_id, unit_id)
);
CREATE INDEX order_tasks_unit ON order_tasks(unit_id, order_id);

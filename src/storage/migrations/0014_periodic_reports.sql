-- periodic reports up the tree: how each incident was handled and what it cost (Mẫu 05), the report regimes each unit runs in its subtree, and each unit's report for a period with its figures
ALTER TABLE incidents ADD COLUMN handling_mode TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN helpers TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN foreign_helpers TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN damage_vnd BIGINT NOT NULL DEFAULT 0;
CREATE TABLE report_adoptions (
    id {ID},
    regime TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    adopted_at BIGINT NOT NULL,
    adopted_by TEXT NOT NULL,
    UNIQUE (regime, unit_id)
);
CREATE TABLE periodic_reports (
    id {ID},
    regime TEXT NOT NULL,
    period TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    recipient_unit_id BIGINT REFERENCES units(id),
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    narrative TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    helpers TEXT NOT NULL DEFAULT '',
    foreign_helpers TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT,
    submitted_by TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    returned_at BIGINT,
    returned_by TEXT NOT NULL DEFAULT '',
    accepted_at BIGINT,
    accepted_by TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (regime, period, unit_id)
);
CREATE TABLE periodic_report_figures (
    report_id BIGINT NOT NULL REFERENCES periodic_reports(id),
    part TEXT NOT NULL,
    figure TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (report_id, part, figure)
);

-- drills: the plan of a drill, its injects on a timeline and its findings; exercise incidents carry their drill
CREATE TABLE drills (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'own',
    organiser_name TEXT NOT NULL DEFAULT '',
    day TEXT NOT NULL,
    duration_hours INTEGER NOT NULL DEFAULT 4,
    scenarios TEXT NOT NULL DEFAULT '',
    systems TEXT NOT NULL DEFAULT '',
    people TEXT NOT NULL DEFAULT '',
    budget BIGINT,
    state TEXT NOT NULL DEFAULT 'planned',
    started_at BIGINT,
    ended_at BIGINT,
    lessons TEXT NOT NULL DEFAULT '',
    follow_up_plan_id BIGINT REFERENCES work_plans(id),
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX drills_unit ON drills (unit_id);
CREATE TABLE drill_units (
    drill_id BIGINT NOT NULL REFERENCES drills(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (drill_id, unit_id)
);
CREATE INDEX drill_units_unit ON drill_units (unit_id);
CREATE TABLE drill_injects (
    id {ID},
    drill_id BIGINT NOT NULL REFERENCES drills(id),
    minute INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL REFERENCES units(id),
    scenario TEXT NOT NULL DEFAULT '',
    incident_id BIGINT REFERENCES incidents(id),
    run_at BIGINT
);
CREATE INDEX drill_injects_drill ON drill_injects (drill_id);
CREATE TABLE drill_findings (
    id {ID},
    drill_id BIGINT NOT NULL REFERENCES drills(id),
    text TEXT NOT NULL,
    lesson TEXT NOT NULL DEFAULT '',
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    owner TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL,
    task_id BIGINT REFERENCES work_plan_tasks(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX drill_findings_drill ON drill_findings (drill_id);
ALTER TABLE incidents ADD COLUMN drill_id BIGINT REFERENCES drills(id);

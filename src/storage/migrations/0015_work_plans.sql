-- plans as tracked work: a unit's plan, its tasks, and each executing unit's share of a task with its status, progress and evidence
CREATE TABLE work_plans (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    number TEXT NOT NULL DEFAULT '',
    issued_on TEXT,
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    legal_bases TEXT NOT NULL DEFAULT '',
    objectives TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX work_plans_unit ON work_plans (unit_id);
CREATE TABLE work_plan_tasks (
    id {ID},
    plan_id BIGINT NOT NULL REFERENCES work_plans(id),
    item TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    executor_units TEXT NOT NULL DEFAULT '',
    executor_kinds TEXT NOT NULL DEFAULT '',
    coordinating TEXT NOT NULL DEFAULT '',
    time_frame TEXT NOT NULL,
    budget_source TEXT NOT NULL DEFAULT '',
    budget_estimate BIGINT,
    expected_output TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_plan_tasks_plan ON work_plan_tasks (plan_id);
CREATE TABLE work_plan_assignments (
    id {ID},
    task_id BIGINT NOT NULL REFERENCES work_plan_tasks(id),
    plan_id BIGINT NOT NULL REFERENCES work_plans(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL DEFAULT 'not_started',
    progress INTEGER NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '',
    status_on TEXT,
    updated_at BIGINT,
    updated_by TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 0,
    UNIQUE (task_id, unit_id)
);
CREATE INDEX work_plan_assignments_plan ON work_plan_assignments (plan_id);
CREATE INDEX work_plan_assignments_unit ON work_plan_assignments (unit_id);

-- the response team of a unit, its members from the people register, and its on-call roster
CREATE TABLE teams (
    id {ID},
    unit_id BIGINT NOT NULL UNIQUE REFERENCES units(id),
    name TEXT NOT NULL,
    duties TEXT NOT NULL DEFAULT '',
    ack_minutes INTEGER NOT NULL DEFAULT 15,
    created_at BIGINT NOT NULL
);
CREATE TABLE team_members (
    id {ID},
    team_id BIGINT NOT NULL REFERENCES teams(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL DEFAULT 'member',
    skills TEXT NOT NULL DEFAULT '',
    certificates TEXT NOT NULL DEFAULT '',
    certificate_until TEXT,
    organisation TEXT NOT NULL DEFAULT '',
    on_call INTEGER NOT NULL DEFAULT 1,
    active INTEGER NOT NULL DEFAULT 1,
    UNIQUE (team_id, person_id)
);
CREATE TABLE roster_shifts (
    id {ID},
    team_id BIGINT NOT NULL REFERENCES teams(id),
    member_id BIGINT NOT NULL REFERENCES team_members(id),
    backup_id BIGINT REFERENCES team_members(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL
);
CREATE INDEX roster_shifts_team ON roster_shifts (team_id, ends_at);
CREATE INDEX incidents_state_received ON incidents (state, received_at);

-- training courses and their attendees, awareness campaigns, and the units' yearly targets
CREATE TABLE courses (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    topic TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    hours INTEGER NOT NULL,
    kind TEXT NOT NULL,
    cost BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX courses_to_day ON courses (to_day);
CREATE TABLE course_attendees (
    course_id BIGINT NOT NULL REFERENCES courses(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    certificate TEXT NOT NULL DEFAULT '',
    certificate_until TEXT,
    PRIMARY KEY (course_id, person_id)
);
CREATE INDEX course_attendees_person ON course_attendees (person_id);
CREATE TABLE campaigns (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    audience TEXT NOT NULL,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    reach BIGINT NOT NULL DEFAULT 0,
    cost BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX campaigns_unit_day ON campaigns (unit_id, day);
CREATE TABLE practice_targets (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    trained_percent INTEGER NOT NULL,
    audiences TEXT NOT NULL,
    it_budget BIGINT,
    security_budget BIGINT,
    PRIMARY KEY (unit_id, year)
);

-- units, people, users, sessions, tokens, audit
CREATE TABLE units (
    id {ID},
    parent_id BIGINT REFERENCES units(id),
    path {PATH} NOT NULL,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    fax TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    report_address TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);
CREATE TABLE people (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    full_name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    office_phone TEXT NOT NULL DEFAULT '',
    mobile_phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_unit ON people(unit_id);
CREATE TABLE contact_points (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id),
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, role)
);
CREATE TABLE users (
    id {ID},
    login TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL REFERENCES units(id),
    active INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT NOT NULL,
    totp_secret TEXT NOT NULL DEFAULT '',
    totp_enabled INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);
CREATE TABLE role_assignments (
    id {ID},
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    local INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, unit_id, role)
);
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
    id {ID},
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
    id {ID},
    at BIGINT NOT NULL,
    actor_user_id BIGINT,
    actor_login TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL DEFAULT 0,
    unit_id BIGINT,
    unit_path TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '{}',
    after_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_unit ON audit_log(unit_id);
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
-- only sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- only postgres
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

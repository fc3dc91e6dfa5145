#include "storage/migrations.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace ungcuu::storage {

namespace {

struct Migration {
    int version;
    const char* description;
    const char* common_sql;
    const char* sqlite_sql;
    const char* postgres_sql;
};

// Times are stored as milliseconds since the Unix epoch; flags as 0/1 integers, so that the
// same statements work on both engines.
const std::vector<Migration>& Migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "units, people, users, sessions, tokens, audit",
         R"SQL(
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
)SQL",
         R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL",
         R"SQL(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
)SQL"},
        {2, "information systems, level dossiers, working calendar",
         R"SQL(
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
)SQL",
         "", ""},
        {3, "protection layers, assessments, inventory, risk register",
         R"SQL(
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
)SQL",
         "", ""},
        {4, "incidents, timeline, tasks, observables, attachments, reports, outbox, plans",
         R"SQL(
CREATE TABLE incidents (
    id {ID},
    code TEXT UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_set TEXT NOT NULL,
    track TEXT NOT NULL,
    state TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    severity TEXT NOT NULL,
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL DEFAULT '',
    dedup_key TEXT,
    repeat_count INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_address TEXT NOT NULL DEFAULT '',
    reporter_position TEXT NOT NULL DEFAULT '',
    reporter_phone TEXT NOT NULL DEFAULT '',
    reporter_email TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_address TEXT NOT NULL DEFAULT '',
    contact_position TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    affected_text TEXT NOT NULL DEFAULT '',
    handled INTEGER,
    detection_methods TEXT NOT NULL DEFAULT '',
    detection_note TEXT NOT NULL DEFAULT '',
    notified_parties TEXT NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 0,
    proposals TEXT NOT NULL DEFAULT '',
    scenarios TEXT NOT NULL DEFAULT '',
    impacts TEXT NOT NULL DEFAULT '',
    capacity TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    capacity_exceeded_at BIGINT,
    serious_at BIGINT,
    escalated_at BIGINT,
    response_ended_at BIGINT,
    closed_at BIGINT,
    merged_into BIGINT REFERENCES incidents(id),
    tracking_code TEXT UNIQUE,
    next_due_at BIGINT,
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX incidents_detected ON incidents(detected_at, id);
CREATE INDEX incidents_unit_detected ON incidents(unit_id, detected_at, id);
CREATE INDEX incidents_state_detected ON incidents(state, detected_at, id);
CREATE INDEX incidents_updated ON incidents(updated_at, id);
CREATE INDEX incidents_due ON incidents(is_open, next_due_at);
CREATE INDEX incidents_dedup ON incidents(dedup_key, is_open);
CREATE TABLE incident_systems (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    system_id BIGINT NOT NULL REFERENCES systems(id),
    PRIMARY KEY (incident_id, system_id)
);
CREATE TABLE incident_scenarios (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    scenario TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, scenario)
);
CREATE INDEX incident_scenarios_by ON incident_scenarios(scenario, detected_at, incident_id);
CREATE TABLE incident_events (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);
CREATE TABLE incident_tasks (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL DEFAULT '',
    assignee_id BIGINT REFERENCES users(id),
    due_at BIGINT,
    done_at BIGINT,
    result TEXT NOT NULL DEFAULT '',
    from_plan INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id, id);
CREATE TABLE incident_observables (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, kind, value)
);
CREATE INDEX incident_observables_value ON incident_observables(kind, value);
CREATE TABLE incident_attachments (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX incident_attachments_incident ON incident_attachments(incident_id);
CREATE TABLE incident_reports (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    type TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    number TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    requested_help TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    initial_report_id BIGINT REFERENCES incident_reports(id),
    issued_at BIGINT,
    issued_by TEXT NOT NULL DEFAULT '',
    signed_name TEXT NOT NULL DEFAULT '',
    signed_sha256 TEXT NOT NULL DEFAULT '',
    signed_type TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX incident_reports_incident ON incident_reports(incident_id, id);
CREATE INDEX incident_reports_number ON incident_reports(unit_id, year, seq);
CREATE TABLE deliveries (
    id {ID},
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    report_id BIGINT REFERENCES incident_reports(id),
    kind TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    via_function TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_incident ON deliveries(incident_id, id);
CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at);
CREATE INDEX deliveries_unit ON deliveries(unit_id, channel, id);
CREATE TABLE unit_routing (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    functions TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE clock_notices (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    clock TEXT NOT NULL,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, clock, kind)
);
CREATE TABLE response_plans (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    system_id BIGINT REFERENCES systems(id),
    scenario TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '',
    tools TEXT NOT NULL DEFAULT '',
    contractors TEXT NOT NULL DEFAULT '',
    budget_vnd BIGINT NOT NULL DEFAULT 0,
    continuity TEXT NOT NULL DEFAULT '',
    approved_at BIGINT,
    approved_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX response_plans_lookup ON response_plans(unit_id, scenario, state);
CREATE TABLE plan_steps (
    plan_id BIGINT NOT NULL REFERENCES response_plans(id),
    pos INTEGER NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL DEFAULT '',
    due_hours INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, pos)
);
CREATE TABLE plan_criteria (
    plan_id BIGINT NOT NULL REFERENCES response_plans(id),
    pos INTEGER NOT NULL,
    body TEXT NOT NULL,
    serious INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, pos)
);
)SQL",
         "", ""},
        {5, "the plan criteria a handler found met, kept with the incident",
         R"SQL(
ALTER TABLE incidents ADD COLUMN plan_criteria_met TEXT NOT NULL DEFAULT '';
)SQL",
         "", ""},
        {6, "indexes for incident list pages: open incidents by detection, the nearest clock",
         R"SQL(
CREATE INDEX incidents_open_detected ON incidents(detected_at, id) WHERE is_open = 1;
CREATE INDEX incidents_due_key ON incidents((COALESCE(next_due_at, 9223372036854775807)), id);
DROP INDEX incidents_due;
CREATE INDEX incidents_open_due ON incidents(next_due_at, id) WHERE is_open = 1;
)SQL",
         "", ""},
        {7, "detection: log sources bound to units, alerts, rule and auto-open settings",
         R"SQL(
CREATE TABLE log_sources (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX log_sources_syslog ON log_sources(address) WHERE kind = 'syslog' AND active = 1;
CREATE TABLE detection_alerts (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_id TEXT NOT NULL,
    rule_title TEXT NOT NULL,
    level TEXT NOT NULL,
    group_key TEXT NOT NULL DEFAULT '',
    hits BIGINT NOT NULL DEFAULT 1,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    first_event_seq BIGINT NOT NULL DEFAULT 0,
    last_event_seq BIGINT NOT NULL DEFAULT 0,
    sample TEXT NOT NULL DEFAULT '',
    incident_id BIGINT REFERENCES incidents(id),
    state TEXT NOT NULL DEFAULT 'new'
);
CREATE INDEX detection_alerts_ongoing ON detection_alerts(unit_id, rule_id, group_key, last_seen);
CREATE TABLE detection_settings (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rule_id TEXT NOT NULL DEFAULT '',
    enabled INTEGER,
    auto_open_level TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, rule_id)
);
)SQL",
         "", ""},
        {8, "detection: log sources that read a file on the server, once or following it",
         R"SQL(
ALTER TABLE log_sources ADD COLUMN path TEXT NOT NULL DEFAULT '';
ALTER TABLE log_sources ADD COLUMN follow INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX log_sources_file ON log_sources(path) WHERE kind = 'file' AND active = 1;
)SQL",
         "", ""},
        {9, "accounts: a second-factor code is taken once",
         R"SQL(
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
)SQL",
         "", ""},
    };
    return kMigrations;
}

std::string Expand(std::string sql, Dialect dialect) {
    const auto replace_all = [&sql](std::string_view from, std::string_view to) {
        for (auto pos = sql.find(from); pos != std::string::npos; pos = sql.find(from, pos)) {
            sql.replace(pos, from.size(), to);
            pos += to.size();
        }
    };
    if (dialect == Dialect::kSqlite) {
        replace_all("{ID}", "INTEGER PRIMARY KEY");
        replace_all("{PATH}", "TEXT");
    } else {
        replace_all("{ID}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        replace_all("{PATH}", "TEXT COLLATE \"C\"");
    }
    return sql;
}

core::Result<int> CurrentVersion(Connection& connection) {
    UNGCUU_RETURN_IF_ERROR(connection.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
    auto rows = connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows.ok()) {
        return std::move(rows).error();
    }
    return static_cast<int>((*rows)[0].Int(0));
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

core::Result<int> Migrate(Connection& connection) {
    const Dialect dialect = connection.dialect();
    if (dialect == Dialect::kPostgres) {
        UNGCUU_RETURN_IF_ERROR(connection.ExecuteScript("SELECT pg_advisory_lock(727001)"));
    }
    int applied = 0;
    auto result = [&]() -> core::Status {
        auto current = CurrentVersion(connection);
        if (!current.ok()) {
            return std::move(current).error();
        }
        if (*current > LatestSchemaVersion()) {
            return core::Error::Make(
                core::ErrorCode::kConflict,
                fmt::format("Cơ sở dữ liệu có phiên bản lược đồ {} mới hơn chương trình ({}); hãy "
                            "cập nhật ungcuu.",
                            *current, LatestSchemaVersion()),
                fmt::format("The database schema version {} is newer than this binary's {}; "
                            "upgrade ungcuu.",
                            *current, LatestSchemaVersion()));
        }
        for (const auto& migration : Migrations()) {
            if (migration.version <= *current) {
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(connection.Begin(true));
            std::string script = Expand(migration.common_sql, dialect);
            script += dialect == Dialect::kSqlite ? migration.sqlite_sql : migration.postgres_sql;
            auto status = connection.ExecuteScript(script);
            if (status.ok()) {
                const Value params[] = {std::int64_t{migration.version},
                                        std::string(migration.description), std::int64_t{0}};
                auto inserted = connection.Execute(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES "
                    "(?, ?, ?)",
                    params);
                if (!inserted.ok()) {
                    status = std::move(inserted).error();
                }
            }
            if (!status.ok()) {
                (void)connection.Rollback();
                return status;
            }
            UNGCUU_RETURN_IF_ERROR(connection.Commit());
            ++applied;
        }
        return core::Ok();
    }();
    if (dialect == Dialect::kPostgres) {
        (void)connection.ExecuteScript("SELECT pg_advisory_unlock(727001)");
    }
    if (!result.ok()) {
        return std::move(result).error();
    }
    return applied;
}

}  // namespace ungcuu::storage

// SQL repository of the organisation context: people and the contact points of units.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- people and contacts ---------------------------------------------------------------------

constexpr std::string_view kPersonColumns =
    "id, unit_id, full_name, position, office_phone, mobile_phone, email, active, "
    "training_field, degree, certificates, certificate_scope, expert_group, school, major, "
    "graduated";

domain::Person PersonFromRow(const RowView& row) {
    domain::Person person;
    person.id = domain::PersonId{row.Int(0)};
    person.unit_id = domain::UnitId{row.Int(1)};
    person.full_name = row.Text(2);
    person.position = row.Text(3);
    person.office_phone = row.Text(4);
    person.mobile_phone = row.Text(5);
    person.email = row.Text(6);
    person.active = row.Bool(7);
    auto& q = person.qualification;
    q.training_field = row.Text(8);
    q.degree = row.Text(9);
    q.certificates = row.Text(10);
    q.certificate_scope = row.Text(11);
    q.expert_group = row.Text(12);
    q.school = row.Text(13);
    q.major = row.Text(14);
    q.graduated = row.Text(15);
    return person;
}

class SqlPersonRepository final : public app::PersonRepository {
public:
    explicit SqlPersonRepository(Connection& db) : db_(db) {}

    Result<domain::Person> Get(domain::PersonId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_, fmt::format("SELECT {} FROM people WHERE id = ?", kPersonColumns),
                        params, PersonFromRow,
                        core::NotFound("Không tìm thấy người này.", "Person not found."));
    }

    Result<std::vector<domain::Person>> ListByUnit(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        auto rows = db_.Query(
            fmt::format("SELECT {} FROM people WHERE unit_id = ? ORDER BY id", kPersonColumns),
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::Person> people;
        for (const auto& row : *rows) {
            people.push_back(PersonFromRow(row));
        }
        return people;
    }

    Result<domain::Person> Insert(domain::Person person) override {
        const auto& q = person.qualification;
        const Value params[] = {person.unit_id.value(),
                                person.full_name,
                                person.position,
                                person.office_phone,
                                person.mobile_phone,
                                person.email,
                                std::int64_t{person.active ? 1 : 0},
                                q.training_field,
                                q.degree,
                                q.certificates,
                                q.certificate_scope,
                                q.expert_group,
                                q.school,
                                q.major,
                                q.graduated};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO people (unit_id, full_name, position, office_phone, mobile_phone, "
                "email, active, training_field, degree, certificates, certificate_scope, "
                "expert_group, school, major, graduated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?) RETURNING id",
                params));
        person.id = domain::PersonId{InsertedId(rows)};
        return person;
    }

    Status Update(const domain::Person& person) override {
        const auto& q = person.qualification;
        const Value params[] = {person.full_name,
                                person.position,
                                person.office_phone,
                                person.mobile_phone,
                                person.email,
                                std::int64_t{person.active ? 1 : 0},
                                q.training_field,
                                q.degree,
                                q.certificates,
                                q.certificate_scope,
                                q.expert_group,
                                q.school,
                                q.major,
                                q.graduated,
                                person.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE people SET full_name = ?, position = ?, office_phone = ?, "
                        "mobile_phone = ?, email = ?, active = ?, training_field = ?, degree = ?, "
                        "certificates = ?, certificate_scope = ?, expert_group = ?, school = ?, "
                        "major = ?, graduated = ? WHERE id = ?",
                        params),
            "người này");
    }

private:
    Connection& db_;
};

class SqlContactRepository final : public app::ContactRepository {
public:
    explicit SqlContactRepository(Connection& db) : db_(db) {}

    Result<std::vector<domain::ContactPoint>> ListByUnit(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT unit_id, role, person_id, changed_at FROM contact_points WHERE unit_id = ? "
                "ORDER BY role",
                params));
        std::vector<domain::ContactPoint> contacts;
        for (const auto& row : rows) {
            domain::ContactPoint contact;
            contact.unit_id = domain::UnitId{row.Int(0)};
            contact.role =
                domain::ParseContactRole(row.Text(1)).value_or(domain::ContactRole::kPrimary);
            contact.person_id = domain::PersonId{row.Int(2)};
            contact.changed_at = Time(row, 3);
            contacts.push_back(contact);
        }
        return contacts;
    }

    Status Set(const domain::ContactPoint& contact) override {
        UNGCUU_RETURN_IF_ERROR(Clear(contact.unit_id, contact.role));
        const Value params[] = {contact.unit_id.value(),
                                std::string(domain::ContactRoleCode(contact.role)),
                                contact.person_id.value(), Millis(contact.changed_at)};
        return Exec(db_,
                    "INSERT INTO contact_points (unit_id, role, person_id, changed_at) "
                    "VALUES (?, ?, ?, ?)",
                    params);
    }

    Status Clear(domain::UnitId unit, domain::ContactRole role) override {
        const Value params[] = {unit.value(), std::string(domain::ContactRoleCode(role))};
        return Exec(db_, "DELETE FROM contact_points WHERE unit_id = ? AND role = ?", params);
    }

    Status AddChange(const domain::ContactChange& change) override {
        const Value params[] = {change.unit_id.value(),
                                std::string(domain::ContactRoleCode(change.role)),
                                change.person_name, Millis(change.at)};
        return Exec(db_,
                    "INSERT INTO contact_changes (unit_id, role, person_name, at) "
                    "VALUES (?, ?, ?, ?)",
                    params);
    }

    Result<std::vector<domain::ContactChange>> ChangesAfter(domain::UnitId unit,
                                                            std::int64_t after_seq) override {
        const Value params[] = {unit.value(), after_seq};
        std::vector<domain::ContactChange> changes;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT id, unit_id, role, person_name, at FROM contact_changes WHERE unit_id = ? AND "
            "id > ? ORDER BY id LIMIT 200",
            params, [&changes](const RowView& row) {
                changes.push_back(domain::ContactChange{
                    row.Int(0), domain::UnitId{row.Int(1)},
                    domain::ParseContactRole(row.Text(2)).value_or(domain::ContactRole::kPrimary),
                    row.String(3), Time(row, 4)});
            }));
        return changes;
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::PersonRepository> MakeSqlPersonRepository(Connection& db) {
    return std::make_unique<SqlPersonRepository>(db);
}

std::unique_ptr<app::ContactRepository> MakeSqlContactRepository(Connection& db) {
    return std::make_unique<SqlContactRepository>(db);
}

}  // namespace ungcuu::storage

// SQL repository of the exchange between installations: this installation's node and keys, its
// peers and their pinned keys, enrolment codes, the outbox per peer, what was received, the
// refusals, and which local objects stand for a peer's.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_network.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

domain::ExchangeKey KeyFromRow(const RowView& row, bool with_secret) {
    domain::ExchangeKey key;
    key.key_id = row.String(0);
    key.public_key = row.String(1);
    key.valid_from = Time(row, 2);
    key.valid_until = OptTime(row, 3);
    if (with_secret) {
        key.secret_key = row.String(4);
    }
    return key;
}

constexpr std::string_view kPeerColumns =
    "p.id, p.node, p.name, p.relation, p.unit_id, u.name_vi, p.url, p.suspended, p.enrolled_at, "
    "(SELECT COUNT(*) FROM exchange_outbox o WHERE o.peer_id = p.id AND o.delivered_at IS NULL "
    "AND o.failed_at IS NULL), "
    "(SELECT COUNT(*) FROM exchange_outbox o WHERE o.peer_id = p.id AND o.failed_at IS NOT NULL), "
    "(SELECT MAX(o.delivered_at) FROM exchange_outbox o WHERE o.peer_id = p.id), "
    "(SELECT MAX(i.received_at) FROM exchange_inbox i WHERE i.peer_id = p.id), "
    "(SELECT o.last_error FROM exchange_outbox o WHERE o.peer_id = p.id AND o.delivered_at IS "
    "NULL AND o.failed_at IS NULL ORDER BY o.seq LIMIT 1)";

constexpr std::string_view kPeerFrom = "exchange_peers p LEFT JOIN units u ON u.id = p.unit_id";

domain::ExchangePeer PeerFromRow(const RowView& row) {
    domain::ExchangePeer peer;
    peer.id = domain::PeerId{row.Int(0)};
    peer.node = row.String(1);
    peer.name = row.String(2);
    peer.relation = domain::ParsePeerRelation(row.Text(3)).value_or(domain::PeerRelation::kChild);
    if (!row.IsNull(4)) {
        peer.unit = domain::UnitId{row.Int(4)};
        peer.unit_name = row.String(5);
    }
    peer.url = row.String(6);
    peer.suspended = row.Int(7) != 0;
    peer.enrolled_at = Time(row, 8);
    peer.queued = static_cast<int>(row.Int(9));
    peer.failed = static_cast<int>(row.Int(10));
    peer.last_delivered_at = OptTime(row, 11);
    peer.last_received_at = OptTime(row, 12);
    if (!row.IsNull(13)) {
        peer.last_error = row.String(13);
    }
    return peer;
}

constexpr std::string_view kEnrolmentColumns =
    "e.id, e.digest, e.unit_id, u.name_vi, e.name, e.created_at, e.created_by, e.expires_at, "
    "e.used_at, e.peer_id";

domain::EnrolmentCode EnrolmentFromRow(const RowView& row) {
    domain::EnrolmentCode code;
    code.id = row.Int(0);
    code.digest = row.String(1);
    code.unit = domain::UnitId{row.Int(2)};
    code.unit_name = row.String(3);
    code.name = row.String(4);
    code.created_at = Time(row, 5);
    code.created_by = row.String(6);
    code.expires_at = Time(row, 7);
    code.used_at = OptTime(row, 8);
    if (!row.IsNull(9)) {
        code.peer = domain::PeerId{row.Int(9)};
    }
    return code;
}

constexpr std::string_view kOutboxColumns =
    "seq, peer_id, envelope_id, type, text, created_at, next_attempt_at, attempts, last_error, "
    "delivered_at, failed_at";

domain::OutgoingEnvelope OutgoingFromRow(const RowView& row) {
    domain::OutgoingEnvelope e;
    e.seq = row.Int(0);
    e.peer = domain::PeerId{row.Int(1)};
    e.envelope_id = row.String(2);
    e.type = row.String(3);
    e.text = row.String(4);
    e.created_at = Time(row, 5);
    e.next_attempt_at = Time(row, 6);
    e.attempts = static_cast<int>(row.Int(7));
    e.last_error = row.String(8);
    e.delivered_at = OptTime(row, 9);
    e.failed_at = OptTime(row, 10);
    return e;
}

app::ExchangeCandidate CandidateFromRow(const RowView& row) {
    return {domain::PeerId{row.Int(0)}, row.Int(1), row.IsNull(2) ? std::string() : row.String(2)};
}

class SqlExchangeRepository final : public app::ExchangeRepository {
public:
    explicit SqlExchangeRepository(Connection& db) : db_(db) {}

    Result<std::optional<domain::ExchangeIdentity>> Identity() override {
        std::optional<domain::ExchangeIdentity> identity;
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT node, name FROM exchange_identity WHERE id = 1", {},
                          [&identity](const RowView& row) {
                              identity.emplace();
                              identity->node = row.String(0);
                              identity->name = row.String(1);
                          }));
        if (identity) {
            UNGCUU_RETURN_IF_ERROR(
                db_.QueryEach("SELECT key_id, public_key, valid_from, valid_until, secret_key FROM "
                              "exchange_own_keys ORDER BY valid_from, CASE WHEN valid_until IS "
                              "NULL THEN 1 ELSE 0 END, key_id",
                              {}, [&identity](const RowView& row) {
                                  identity->keys.push_back(KeyFromRow(row, true));
                              }));
        }
        return identity;
    }

    Status CreateIdentity(const domain::ExchangeIdentity& identity, core::TimePoint at) override {
        const Value params[] = {identity.node, identity.name, Millis(at)};
        UNGCUU_RETURN_IF_ERROR(Exec(
            db_, "INSERT INTO exchange_identity (id, node, name, created_at) VALUES (1, ?, ?, ?)",
            params));
        for (const auto& key : identity.keys) {
            UNGCUU_RETURN_IF_ERROR(AddOwnKey(key));
        }
        return core::Ok();
    }

    Status AddOwnKey(const domain::ExchangeKey& key) override {
        const Value params[] = {key.key_id, key.public_key, key.secret_key, Millis(key.valid_from),
                                OptMillis(key.valid_until)};
        return Exec(db_,
                    "INSERT INTO exchange_own_keys (key_id, public_key, secret_key, valid_from, "
                    "valid_until) VALUES (?, ?, ?, ?, ?)",
                    params);
    }

    Status EndOwnKey(const std::string& key_id, core::TimePoint until) override {
        const Value params[] = {Millis(until), key_id};
        return Exec(db_, "UPDATE exchange_own_keys SET valid_until = ? WHERE key_id = ?", params);
    }

    Result<std::vector<domain::ExchangePeer>> Peers() override {
        std::vector<domain::ExchangePeer> peers;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} ORDER BY p.name, p.id", kPeerColumns, kPeerFrom), {},
            [&peers](const RowView& row) { peers.push_back(PeerFromRow(row)); }));
        for (auto& peer : peers) {
            UNGCUU_RETURN_IF_ERROR(LoadKeys(peer));
        }
        return peers;
    }

    Result<std::optional<domain::ExchangePeer>> PeerByNode(std::string_view node) override {
        const Value params[] = {std::string(node)};
        std::optional<domain::ExchangePeer> peer;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE p.node = ?", kPeerColumns, kPeerFrom), params,
            [&peer](const RowView& row) { peer = PeerFromRow(row); }));
        if (peer) {
            UNGCUU_RETURN_IF_ERROR(LoadKeys(*peer));
        }
        return peer;
    }

    Result<domain::ExchangePeer> GetPeer(domain::PeerId id) override {
        const Value params[] = {id.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            peer,
            QueryOne(db_, fmt::format("SELECT {} FROM {} WHERE p.id = ?", kPeerColumns, kPeerFrom),
                     params, PeerFromRow,
                     core::NotFound("Không tìm thấy hệ thống kết nối.", "Peer not found.")));
        UNGCUU_RETURN_IF_ERROR(LoadKeys(peer));
        return peer;
    }

    Result<domain::PeerId> InsertPeer(const domain::ExchangePeer& peer) override {
        const Value params[] = {peer.node,
                                peer.name,
                                std::string(domain::PeerRelationCode(peer.relation)),
                                peer.unit ? Value{peer.unit->value()} : Value{nullptr},
                                peer.url,
                                std::int64_t{peer.suspended ? 1 : 0},
                                Millis(peer.enrolled_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO exchange_peers (node, name, relation, unit_id, url, "
                            "suspended, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            params));
        const domain::PeerId id{InsertedId(rows)};
        for (const auto& key : peer.keys) {
            UNGCUU_RETURN_IF_ERROR(AddPeerKey(id, key));
        }
        return id;
    }

    Status SetSuspended(domain::PeerId id, bool suspended) override {
        const Value params[] = {std::int64_t{suspended ? 1 : 0}, id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE exchange_peers SET suspended = ? WHERE id = ?", params),
            "hệ thống kết nối");
    }

    Status AddPeerKey(domain::PeerId id, const domain::ExchangeKey& key) override {
        const Value params[] = {id.value(), key.key_id, key.public_key, Millis(key.valid_from),
                                OptMillis(key.valid_until)};
        return Exec(db_,
                    "INSERT INTO exchange_peer_keys (peer_id, key_id, public_key, valid_from, "
                    "valid_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (peer_id, key_id) DO NOTHING",
                    params);
    }

    Status EndPeerKey(domain::PeerId id,
                      const std::string& key_id,
                      core::TimePoint until) override {
        const Value params[] = {Millis(until), id.value(), key_id};
        return Exec(
            db_,
            "UPDATE exchange_peer_keys SET valid_until = ? WHERE peer_id = ? AND key_id = ? "
            "AND valid_until IS NULL",
            params);
    }

    Result<domain::EnrolmentCode> InsertEnrolment(domain::EnrolmentCode code) override {
        const Value params[] = {code.digest,     code.unit.value(),
                                code.name,       Millis(code.created_at),
                                code.created_by, Millis(code.expires_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO exchange_enrolments (digest, unit_id, name, created_at, "
                            "created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            params));
        code.id = InsertedId(rows);
        return code;
    }

    Result<std::optional<domain::EnrolmentCode>> EnrolmentByDigest(
        const std::string& digest) override {
        const Value params[] = {digest};
        std::optional<domain::EnrolmentCode> code;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM exchange_enrolments e JOIN units u ON u.id = e.unit_id "
                        "WHERE e.digest = ?",
                        kEnrolmentColumns),
            params, [&code](const RowView& row) { code = EnrolmentFromRow(row); }));
        return code;
    }

    Status UseEnrolment(std::int64_t id, core::TimePoint at, domain::PeerId peer) override {
        const Value params[] = {Millis(at), peer.value(), id};
        return ExpectOneRow(
            db_.Execute("UPDATE exchange_enrolments SET used_at = ?, peer_id = ? WHERE id = ? AND "
                        "used_at IS NULL",
                        params),
            "mã đăng ký");
    }

    Result<std::vector<domain::EnrolmentCode>> Enrolments(int limit) override {
        const Value params[] = {std::int64_t{limit}};
        std::vector<domain::EnrolmentCode> codes;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM exchange_enrolments e JOIN units u ON u.id = e.unit_id "
                        "ORDER BY e.id DESC LIMIT ?",
                        kEnrolmentColumns),
            params, [&codes](const RowView& row) { codes.push_back(EnrolmentFromRow(row)); }));
        return codes;
    }

    Status Queue(const domain::OutgoingEnvelope& e) override {
        const Value params[] = {e.peer.value(), e.envelope_id,        e.type,
                                e.text,         Millis(e.created_at), Millis(e.next_attempt_at)};
        return Exec(db_,
                    "INSERT INTO exchange_outbox (peer_id, envelope_id, type, text, created_at, "
                    "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<std::vector<domain::OutgoingEnvelope>> Due(domain::PeerId peer,
                                                      core::TimePoint now,
                                                      int limit) override {
        const Value params[] = {peer.value(), std::int64_t{limit}};
        std::vector<domain::OutgoingEnvelope> due;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM exchange_outbox WHERE peer_id = ? AND delivered_at IS NULL "
                        "AND failed_at IS NULL ORDER BY seq LIMIT ?",
                        kOutboxColumns),
            params, [&due](const RowView& row) { due.push_back(OutgoingFromRow(row)); }));
        if (!due.empty() && due.front().next_attempt_at > now) {
            due.clear();
        }
        return due;
    }

    Status MarkDelivered(std::int64_t seq, core::TimePoint at) override {
        const Value params[] = {Millis(at), seq};
        return Exec(db_, "UPDATE exchange_outbox SET delivered_at = ? WHERE seq = ?", params);
    }

    Status MarkFailed(std::int64_t seq, core::TimePoint at, const std::string& why) override {
        const Value params[] = {Millis(at), why, seq};
        return Exec(db_, "UPDATE exchange_outbox SET failed_at = ?, last_error = ? WHERE seq = ?",
                    params);
    }

    Status MarkAttempt(std::int64_t seq,
                       int attempts,
                       core::TimePoint next,
                       const std::string& why) override {
        const Value params[] = {std::int64_t{attempts}, Millis(next), why, seq};
        return Exec(db_,
                    "UPDATE exchange_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
                    "WHERE seq = ?",
                    params);
    }

    Status RetryNow(domain::PeerId peer, core::TimePoint now) override {
        const Value params[] = {Millis(now), peer.value()};
        return Exec(db_,
                    "UPDATE exchange_outbox SET next_attempt_at = ? WHERE peer_id = ? AND "
                    "delivered_at IS NULL AND failed_at IS NULL",
                    params);
    }

    Result<bool> RecordReceived(domain::PeerId peer,
                                const std::string& envelope_id,
                                const std::string& type,
                                core::TimePoint at) override {
        const Value params[] = {peer.value(), envelope_id, type, Millis(at)};
        UNGCUU_ASSIGN_OR_RETURN(
            changed, db_.Execute("INSERT INTO exchange_inbox (peer_id, envelope_id, type, "
                                 "received_at) VALUES (?, ?, ?, ?) ON CONFLICT (peer_id, "
                                 "envelope_id) DO NOTHING",
                                 params));
        return changed > 0;
    }

    Result<bool> WasReceived(std::string_view node, std::string_view envelope_id) override {
        const Value params[] = {std::string(node), std::string(envelope_id)};
        bool found = false;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT 1 FROM exchange_inbox i JOIN exchange_peers p ON p.id = i.peer_id WHERE "
            "p.node = ? AND i.envelope_id = ?",
            params, [&found](const RowView&) { found = true; }));
        return found;
    }

    Status InsertRefusal(const domain::ExchangeRefusal& r) override {
        const Value params[] = {Millis(r.at), r.remote, r.sender, r.envelope_id,
                                r.code,       r.why_vi, r.why_en};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_,
                 "INSERT INTO exchange_refusals (at, remote, sender, envelope_id, "
                 "code, why_vi, why_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 params));
        // Refusals come from anyone who can reach the doors: the newest 10,000 are kept.
        return Exec(db_,
                    "DELETE FROM exchange_refusals WHERE id <= (SELECT MAX(id) - 10000 FROM "
                    "exchange_refusals)",
                    {});
    }

    Result<std::vector<domain::ExchangeRefusal>> Refusals(int limit) override {
        const Value params[] = {std::int64_t{limit}};
        std::vector<domain::ExchangeRefusal> refusals;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT id, at, remote, sender, envelope_id, code, why_vi, why_en FROM "
            "exchange_refusals ORDER BY id DESC LIMIT ?",
            params, [&refusals](const RowView& row) {
                refusals.push_back({row.Int(0), Time(row, 1), row.String(2), row.String(3),
                                    row.String(4), row.String(5), row.String(6), row.String(7)});
            }));
        return refusals;
    }

    Status SaveLink(domain::PeerId peer,
                    std::string_view kind,
                    std::int64_t local_id,
                    const std::string& remote_id) override {
        const Value params[] = {peer.value(), std::string(kind), local_id, remote_id};
        return Exec(db_,
                    "INSERT INTO exchange_links (peer_id, kind, local_id, remote_id) VALUES (?, ?, "
                    "?, ?) ON CONFLICT (peer_id, kind, local_id) DO UPDATE SET remote_id = "
                    "excluded.remote_id",
                    params);
    }

    Result<std::optional<std::string>> LinkOf(domain::PeerId peer,
                                              std::string_view kind,
                                              std::int64_t local_id) override {
        const Value params[] = {peer.value(), std::string(kind), local_id};
        std::optional<std::string> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT remote_id FROM exchange_links WHERE peer_id = ? AND kind = ? AND local_id = ?",
            params, [&found](const RowView& row) { found = row.String(0); }));
        return found;
    }

    Result<std::optional<std::int64_t>> LocalOf(domain::PeerId peer,
                                                std::string_view kind,
                                                const std::string& remote_id) override {
        const Value params[] = {peer.value(), std::string(kind), remote_id};
        std::optional<std::int64_t> local;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT local_id FROM exchange_links WHERE peer_id = ? AND kind = ? AND remote_id = ? "
            "ORDER BY local_id LIMIT 1",
            params, [&local](const RowView& row) { local = row.Int(0); }));
        return local;
    }

    Result<std::vector<app::ExchangeCandidate>> WarningsToSend(int limit) override {
        return Candidates(
            "SELECT DISTINCT p.id, w.id, NULL FROM warnings w JOIN warning_items i ON "
            "i.warning_id = w.id JOIN exchange_peers p ON p.unit_id = i.unit_id AND p.relation = "
            "'child' WHERE w.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM exchange_links l "
            "WHERE l.peer_id = p.id AND l.kind = 'warning_out' AND l.local_id = w.id) ORDER BY "
            "w.id, p.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> AnswersToSend(int limit) override {
        return Candidates(
            "SELECT w.origin_peer_id, i.id, r.remote_id FROM warnings w JOIN warning_items i ON "
            "i.warning_id = w.id AND i.unit_id = w.issuer_unit_id JOIN exchange_links r ON "
            "r.peer_id = w.origin_peer_id AND r.kind = 'warning_in' AND r.local_id = w.id WHERE "
            "w.origin_peer_id IS NOT NULL AND i.answered_at IS NOT NULL AND NOT EXISTS (SELECT 1 "
            "FROM exchange_links l WHERE l.peer_id = w.origin_peer_id AND l.kind = 'answer_out' "
            "AND l.local_id = i.id AND l.remote_id = CAST(i.answered_at AS TEXT)) ORDER BY "
            "i.answered_at, i.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> ReportsToSend(int limit) override {
        return Candidates(
            "SELECT p.id, r.id, NULL FROM incident_reports r JOIN incidents n ON n.id = "
            "r.incident_id JOIN exchange_peers p ON p.relation = 'parent' WHERE r.issued_at IS "
            "NOT NULL AND r.issued_at >= p.enrolled_at AND n.drill_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM exchange_links l WHERE l.peer_id = p.id AND l.kind = 'report_out' AND "
            "l.local_id = r.id) ORDER BY r.issued_at, r.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> OrdersToSend(int limit) override {
        return Candidates(
            "SELECT p.id, t.id, NULL FROM order_tasks t JOIN exchange_peers p ON p.unit_id = "
            "t.unit_id AND p.relation = 'child' WHERE t.answered_at IS NULL AND NOT EXISTS (SELECT "
            "1 FROM exchange_links l WHERE l.peer_id = p.id AND l.kind = 'order_out' AND "
            "l.local_id = t.id) ORDER BY t.id, p.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> TaskAnswersToSend(int limit) override {
        return Candidates(
            "SELECT p.id, t.id, l.remote_id FROM exchange_peers p JOIN exchange_links l ON "
            "l.peer_id = p.id AND l.kind = 'order_in' JOIN order_tasks t ON t.id = l.local_id "
            "WHERE p.relation = 'parent' AND t.answered_at IS NOT NULL AND NOT EXISTS (SELECT 1 "
            "FROM exchange_links a WHERE a.peer_id = p.id AND a.kind = 'task_out' AND a.local_id "
            "= t.id) ORDER BY t.answered_at, t.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> WithdrawalsToSend(int limit) override {
        return Candidates(
            "SELECT p.id, w.id, NULL FROM exchange_peers p JOIN exchange_links l ON l.peer_id = "
            "p.id AND l.kind = 'warning_out' JOIN warnings w ON w.id = l.local_id WHERE "
            "p.relation = 'child' AND w.withdrawn_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
            "exchange_links d WHERE d.peer_id = p.id AND d.kind = 'withdraw_out' AND d.local_id = "
            "w.id) ORDER BY w.withdrawn_at, w.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> PeriodicsToSend(int limit) override {
        return Candidates(
            "SELECT p.id, r.id, NULL FROM periodic_reports r JOIN units u ON u.id = r.unit_id AND "
            "u.parent_id IS NULL JOIN exchange_peers p ON p.relation = 'parent' WHERE r.state = "
            "'submitted' AND r.recipient_unit_id IS NULL AND r.submitted_at >= p.enrolled_at AND "
            "NOT EXISTS (SELECT 1 FROM exchange_links l WHERE l.peer_id = p.id AND l.kind = "
            "'periodic_out' AND l.local_id = r.id AND l.remote_id = CAST(r.submitted_at AS TEXT)) "
            "ORDER BY r.submitted_at, r.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> ReviewsToSend(int limit) override {
        return Candidates(
            "SELECT p.id, r.id, i.remote_id FROM exchange_peers p JOIN exchange_links i ON "
            "i.peer_id = p.id AND i.kind = 'periodic_in' JOIN periodic_reports r ON r.id = "
            "i.local_id WHERE p.relation = 'child' AND r.state IN ('accepted', 'returned') AND NOT "
            "EXISTS (SELECT 1 FROM exchange_links l WHERE l.peer_id = p.id AND l.kind = "
            "'review_out' AND l.local_id = r.id AND l.remote_id = i.remote_id) ORDER BY "
            "r.updated_at, r.id LIMIT ?",
            limit);
    }

    Result<std::vector<app::ExchangeCandidate>> AcknowledgementsToSend(int limit) override {
        return Candidates(
            "SELECT p.id, n.id, l.remote_id FROM exchange_peers p JOIN exchange_links l ON "
            "l.peer_id = p.id AND l.kind = 'incident_in' JOIN incidents n ON n.id = l.local_id "
            "WHERE p.relation = 'child' AND n.acknowledged_at IS NOT NULL AND NOT EXISTS (SELECT 1 "
            "FROM exchange_links a WHERE a.peer_id = p.id AND a.kind = 'ack_out' AND a.local_id = "
            "n.id) ORDER BY n.acknowledged_at, n.id LIMIT ?",
            limit);
    }

    Result<bool> HasParent() override {
        bool found = false;
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT 1 FROM exchange_peers WHERE relation = 'parent' LIMIT 1", {},
                          [&found](const RowView&) { found = true; }));
        return found;
    }

private:
    Status LoadKeys(domain::ExchangePeer& peer) {
        const Value params[] = {peer.id.value()};
        return db_.QueryEach(
            "SELECT key_id, public_key, valid_from, valid_until FROM exchange_peer_keys WHERE "
            "peer_id = ? ORDER BY valid_from, CASE WHEN valid_until IS NULL THEN 1 ELSE 0 END, "
            "key_id",
            params, [&peer](const RowView& row) { peer.keys.push_back(KeyFromRow(row, false)); });
    }

    Result<std::vector<app::ExchangeCandidate>> Candidates(std::string_view sql, int limit) {
        const Value params[] = {std::int64_t{limit}};
        std::vector<app::ExchangeCandidate> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(CandidateFromRow(row)); }));
        return out;
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::ExchangeRepository> MakeSqlExchangeRepository(Connection& db) {
    return std::make_unique<SqlExchangeRepository>(db);
}

}  // namespace ungcuu::storage

#include "cli/cli.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/text.hpp"

namespace ungcuu::cli {

namespace {

constexpr const char* kDbHelp =
    "Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgresql://… (database URL)";
constexpr const char* kPlaceholdersHelp =
    "Tệp YAML giá trị cho chỗ thay thế %tên% của luật dùng expand (values of the expand "
    "modifier's placeholders: name: [values])";

/// What the command line fills in, and which subcommand it chose.
struct Parsed {
    ServeCommand serve;
    MigrateCommand migrate;
    ImportUnitsCommand import;
    CreateUserCommand create;
    ResetPasswordCommand reset;
    DetectCommand detect;
    RulesCheckCommand rules_check;
    bool password_stdin = false;
    bool reset_stdin = false;
    bool no_cache = false;
    std::string engine_name = "fast";
    CLI::App* serve_cmd = nullptr;
    CLI::App* migrate_cmd = nullptr;
    CLI::App* import_cmd = nullptr;
    CLI::App* create_cmd = nullptr;
    CLI::App* reset_cmd = nullptr;
    CLI::App* version_cmd = nullptr;
    CLI::App* detect_cmd = nullptr;
    CLI::App* rules_check_cmd = nullptr;
};

/// `serve`: the web server and its limits.
void AddServe(CLI::App& app, Parsed& p) {
    p.serve_cmd = app.add_subcommand("serve", "Chạy máy chủ web và API (run the server)");
    p.serve_cmd->add_option("--db", p.serve.db, kDbHelp);
    p.serve_cmd->add_option("--listen", p.serve.listen,
                            "Địa chỉ lắng nghe HOST:PORT (listen address)");
    p.serve_cmd->add_flag("--demo", p.serve.demo,
                          "Nạp dữ liệu mẫu một tỉnh (seed a demo province)");
    p.serve_cmd->add_option("--web-root", p.serve.web_root,
                            "Phục vụ giao diện từ thư mục này (serve the UI from a directory)");
    p.serve_cmd->add_option("--threads", p.serve.threads, "Số luồng xử lý (worker threads)")
        ->check(CLI::Range(1, 64));
    p.serve_cmd
        ->add_option("--heavy-threads", p.serve.heavy_threads,
                     "Số luồng cho việc dài: nhập tệp, tạo văn bản, băm mật khẩu (threads for "
                     "long work)")
        ->check(CLI::Range(1, 64));
    p.serve_cmd
        ->add_option("--max-connections", p.serve.max_connections,
                     "Số kết nối HTTP tối đa (most HTTP connections at once)")
        ->check(CLI::Range(16, 1000000));
    p.serve_cmd
        ->add_option("--max-connections-per-address", p.serve.max_connections_per_address,
                     "Số kết nối tối đa từ một địa chỉ; sau máy chủ chuyển tiếp hãy tăng lên (most "
                     "connections from one address; raise it behind a reverse proxy)")
        ->check(CLI::Range(1, 1000000));
    p.serve_cmd
        ->add_option("--idle-timeout", p.serve.idle_timeout_s,
                     "Giây giữ kết nối rảnh chờ yêu cầu tiếp (keep-alive idle timeout, s)")
        ->check(CLI::Range(1, 3600));
    p.serve_cmd->add_flag("--secure-cookies", p.serve.secure_cookies,
                          "Đánh dấu cookie Secure khi chạy sau HTTPS (behind TLS)");
    p.serve_cmd
        ->add_option("--list-cache-ms", p.serve.list_cache_ms,
                     "Thời gian giữ trang danh sách đơn vị đã dựng, 0 để tắt (list cache, ms)")
        ->check(CLI::Range(0, 60000));
}

/// `serve`: rule sets, mail, jobs and log intake.
void AddServeWork(Parsed& p) {
    p.serve_cmd
        ->add_option("--rule-set", p.serve.rule_set,
                     "Bộ quy tắc xử lý sự cố mặc định: vn-2017 hoặc vn-2026 (incident rule set)")
        ->check(CLI::IsMember({"vn-2017", "vn-2026"}));
    p.serve_cmd
        ->add_option("--regimes", p.serve.regime_files,
                     "Tệp chế độ báo cáo riêng của kế hoạch địa phương, dạng "
                     "rules/reporting/regimes.json; lặp lại được (a plan's own report regimes)")
        ->check(CLI::ExistingFile);
    p.serve_cmd->add_option(
        "--public-url", p.serve.public_url,
        "Địa chỉ mà hệ thống khác dùng để gửi tới hệ thống này, ví dụ https://ungcuu.xa.gov.vn "
        "(this installation's address for other installations)");
    p.serve_cmd->add_option("--smtp-url", p.serve.smtp_url,
                            "Máy chủ gửi thư, ví dụ smtp://127.0.0.1:25 (SMTP server for e-mail)");
    p.serve_cmd->add_option("--mail-from", p.serve.mail_from, "Địa chỉ gửi thư (sender address)");
    p.serve_cmd
        ->add_option("--jobs-interval-ms", p.serve.jobs_interval_ms,
                     "Chu kỳ gửi thư, nhắc hạn (outbox and reminder interval, ms)")
        ->check(CLI::Range(100, 600000));
    p.serve_cmd->add_option(
        "--rules", p.serve.rules,
        "Tệp/thư mục luật Sigma; mặc định bộ luật kèm theo (Sigma rules; default: "
        "the shipped pack)");
    p.serve_cmd->add_option("--placeholders", p.serve.placeholders, kPlaceholdersHelp);
    p.serve_cmd->add_option("--syslog-udp", p.serve.syslog_udp,
                            "Nhận syslog UDP tại HOST:PORT, ví dụ 0.0.0.0:514 (syslog over UDP)");
    p.serve_cmd->add_option("--syslog-tcp", p.serve.syslog_tcp,
                            "Nhận syslog TCP tại HOST:PORT (syslog over TCP, RFC 6587)");
    p.serve_cmd->add_option("--syslog-unit", p.serve.syslog_unit,
                            "Đơn vị nhận nhật ký của máy gửi chưa khai báo; mặc định đơn vị gốc "
                            "(unit for senders with no log source; default: the top unit)");
    p.serve_cmd->add_option("--log-files", p.serve.log_files,
                            "Thư mục mà nguồn nhật ký loại tệp được đọc, lặp lại được (folder "
                            "whose files log sources may read; repeatable)");
    p.serve_cmd->add_option("--events-db", p.serve.events_db,
                            "Tệp lưu nhật ký thô (raw event store; default: <db>.events)");
    p.serve_cmd
        ->add_option("--events-retention-days", p.serve.events_retention_days,
                     "Số ngày giữ nhật ký thô (raw event retention, days)")
        ->check(CLI::Range(1, 3650));
    p.serve_cmd
        ->add_option("--ingest-queue", p.serve.ingest_queue,
                     "Sức chứa hàng đợi nhật ký chờ ghi (events waiting to be stored)")
        ->check(CLI::Range(100, 10000000));
    p.serve_cmd->add_option(
        "--upload-dir", p.serve.upload_dir,
        "Thư mục lưu tệp tải lên; nhiều máy chủ của một tỉnh dùng chung một thư mục (uploaded "
        "files; default: <db>.files for SQLite, ungcuu-files for PostgreSQL)");
    p.serve_cmd
        ->add_option("--log-format", p.serve.log_format,
                     "Dạng nhật ký vận hành: text, hoặc json (mỗi dòng một đối tượng JSON) cho "
                     "hệ thống thu thập nhật ký (operational log: text or JSON lines)")
        ->check(CLI::IsMember({"text", "json"}));
    p.serve_cmd->add_flag("!--no-monitor", p.serve.monitor,
                          "Không giám sát trang web (do not run the website monitor)");
    p.serve_cmd->add_option("--monitor-dns", p.serve.monitor_dns,
                            "Máy chủ DNS mà bộ giám sát trang web hỏi, HOST[:PORT]; mặc định của "
                            "hệ thống (name server the website monitor asks)");
    p.serve_cmd->add_option("--monitor-ca", p.serve.monitor_ca,
                            "Tệp PEM chứng thư gốc tin cậy thêm cho bộ giám sát (more trusted "
                            "certificates for the website monitor)");
    p.serve_cmd
        ->add_option("--monitor-concurrency", p.serve.monitor_concurrency,
                     "Số trang kiểm tra cùng lúc (sites checked at once)")
        ->check(CLI::Range(1, 5000));
    p.serve_cmd->add_flag("--monitor-allow-local", p.serve.monitor_machine,
                          "Cho phép giám sát địa chỉ của chính máy chủ và địa chỉ liên kết nội bộ "
                          "(allow sites on this machine's own and link-local addresses)");
    p.serve_cmd->add_flag("!--no-monitor-pictures", p.serve.monitor_pictures,
                          "Không chụp ảnh trang bị thay đổi bằng Chromium (no pictures of "
                          "defaced pages)");
    p.serve_cmd->add_option(
        "--yara-rules", p.serve.yara_rules,
        "Tệp hoặc thư mục luật YARA (.yar) thêm vào bộ luật quét mã độc có sẵn, "
        "có thể lặp lại (more YARA rule files or folders, repeatable)");
    p.serve_cmd->add_option("--clamav-db", p.serve.clamav_db,
                            "Thư mục cơ sở dữ liệu chữ ký ClamAV; mặc định /var/lib/clamav nếu có "
                            "(a ClamAV signature database folder)");
    p.serve_cmd
        ->add_option("--scan-budget-ms", p.serve.scan_budget_ms,
                     "Thời gian tối đa quét mã độc một tệp tải lên, mili giây (the most time "
                     "scanning one upload may take)")
        ->check(CLI::Range(100, 120000));
}

/// `migrate`, `units import`, `users create|reset-password`, `version`.
void AddAdministration(CLI::App& app, Parsed& p) {
    p.migrate_cmd =
        app.add_subcommand("migrate", "Cập nhật lược đồ cơ sở dữ liệu (apply migrations)");
    p.migrate_cmd->add_option("--db", p.migrate.db, kDbHelp);

    auto* units_cmd = app.add_subcommand("units", "Quản lý đơn vị (units)");
    units_cmd->require_subcommand(1);
    p.import_cmd =
        units_cmd->add_subcommand("import", "Nhập đơn vị từ tệp CSV UTF-8 (import units)");
    p.import_cmd->add_option("--db", p.import.db, kDbHelp);
    p.import_cmd
        ->add_option("file", p.import.file, "Tệp CSV (code,parent_code,kind,name_vi,name_en,…)")
        ->required();

    auto* users_cmd = app.add_subcommand("users", "Quản lý người dùng (users)");
    users_cmd->require_subcommand(1);
    p.create_cmd = users_cmd->add_subcommand("create", "Tạo người dùng (create a user)");
    p.create_cmd->add_option("--db", p.create.db, kDbHelp);
    p.create_cmd->add_option("--login", p.create.login, "Tên đăng nhập (login)")->required();
    p.create_cmd->add_option("--unit", p.create.unit_code, "Mã đơn vị (unit code)")->required();
    p.create_cmd
        ->add_option("--role", p.create.role,
                     "Vai trò: admin, coordinator, responder, officer, leader, auditor")
        ->required();
    p.create_cmd->add_option("--full-name", p.create.full_name, "Họ và tên (full name)");
    p.create_cmd->add_option("--email", p.create.email, "Thư điện tử (e-mail)");
    p.create_cmd->add_flag("--local", p.create.local,
                           "Vai trò chỉ trên đơn vị này, không gồm đơn vị trực thuộc");
    p.create_cmd
        ->add_flag("--password-stdin", p.password_stdin,
                   "Đọc mật khẩu từ dòng đầu của stdin (read the password from stdin)")
        ->required();

    p.reset_cmd =
        users_cmd->add_subcommand("reset-password", "Đặt lại mật khẩu (reset a password)");
    p.reset_cmd->add_option("--db", p.reset.db, kDbHelp);
    p.reset_cmd->add_option("--login", p.reset.login, "Tên đăng nhập (login)")->required();
    p.reset_cmd->add_flag("--password-stdin", p.reset_stdin, "Đọc mật khẩu mới từ stdin")
        ->required();

    p.version_cmd = app.add_subcommand("version", "In phiên bản (print the version)");
}

/// `detect` and `rules check`.
void AddDetection(CLI::App& app, Parsed& p) {
    p.detect.cache_dir = DefaultCacheDir();
    p.detect_cmd = app.add_subcommand(
        "detect", "Chạy luật Sigma trên tệp sự kiện (run Sigma rules over a file of events)");
    p.detect_cmd
        ->add_option(
            "--rules", p.detect.rules,
            "Tệp hoặc thư mục luật Sigma, có thể lặp lại (rule file or folder, repeatable)")
        ->required();
    p.detect_cmd->add_option("--placeholders", p.detect.placeholders, kPlaceholdersHelp);
    p.detect_cmd
        ->add_option("--input", p.detect.input,
                     "Tệp sự kiện: JSON lines, một tài liệu, mảng JSON; - là stdin (events)")
        ->required();
    p.detect_cmd->add_option("--output", p.detect.output,
                             "Tệp kết quả NDJSON, - là stdout (matches, one JSON line each)");
    p.detect_cmd
        ->add_option("--format", p.detect.format,
                     "Định dạng đầu vào (input format): auto|json|syslog|access")
        ->check(CLI::IsMember({"auto", "json", "syslog", "access"}));
    p.detect_cmd->add_flag("!--no-routing", p.detect.route,
                           "Chạy mọi luật trên mọi sự kiện, bỏ qua logsource (ignore log sources)");
    p.detect_cmd->add_option("--cache", p.detect.cache_dir,
                             "Thư mục giữ cơ sở mẫu đã biên dịch (compiled pattern cache)");
    p.detect_cmd->add_flag("--no-cache", p.no_cache, "Không dùng bộ đệm (compile every time)");
    p.detect_cmd
        ->add_option("--engine", p.engine_name,
                     "fast: bộ máy nhanh (mặc định); plain: bộ đánh giá đơn giản để đối chiếu "
                     "(fast engine, or the plain evaluator to cross-check)")
        ->check(CLI::IsMember({"fast", "plain"}));

    auto* rules_cmd = app.add_subcommand("rules", "Luật phát hiện Sigma (detection rules)");
    rules_cmd->require_subcommand(1);
    p.rules_check_cmd = rules_cmd->add_subcommand(
        "check", "Kiểm tra luật: luật nạp được và luật bị từ chối kèm lý do (check rules)");
    p.rules_check_cmd
        ->add_option("paths", p.rules_check.paths, "Tệp hoặc thư mục luật (rule paths)")
        ->required();
    p.rules_check_cmd->add_option("--placeholders", p.rules_check.placeholders, kPlaceholdersHelp);
    p.rules_check_cmd->add_flag("--verbose", p.rules_check.verbose,
                                "Liệt kê cả luật nạp được (list loaded rules too)");
}

/// The serve command with its addresses checked, or the exit code after reporting them.
std::variant<Command, int> CheckedServe(ServeCommand serve) {
    const auto listen = ParseListen(serve.listen);
    if (!listen) {
        return Report(
            core::InvalidArgument(
                fmt::format("--listen \"{}\" không hợp lệ; dùng HOST:PORT, ví dụ 127.0.0.1:8080.",
                            serve.listen),
                fmt::format("Invalid --listen \"{}\"; use HOST:PORT, e.g. 127.0.0.1:8080.",
                            serve.listen)),
            std::cerr);
    }
    serve.host = listen->first;
    serve.port = listen->second;
    for (const auto* address : {&serve.syslog_udp, &serve.syslog_tcp}) {
        if (!address->empty() && !ParseListen(*address)) {
            return Report(core::InvalidArgument(
                              fmt::format("Địa chỉ syslog \"{}\" không hợp lệ; dùng HOST:PORT, "
                                          "ví dụ 127.0.0.1:5514.",
                                          *address),
                              fmt::format("Invalid syslog address \"{}\"; use HOST:PORT, "
                                          "e.g. 127.0.0.1:5514.",
                                          *address)),
                          std::cerr);
        }
    }
    return Command{serve};
}

/// The command the parsed line chose, completed.
std::variant<Command, int> Chosen(Parsed& p) {
    if (p.serve_cmd->parsed()) {
        return CheckedServe(std::move(p.serve));
    }
    if (p.migrate_cmd->parsed()) {
        return Command{p.migrate};
    }
    if (p.import_cmd->parsed()) {
        return Command{p.import};
    }
    if (p.create_cmd->parsed()) {
        if (p.create.full_name.empty()) {
            p.create.full_name = p.create.login;
        }
        return Command{p.create};
    }
    if (p.reset_cmd->parsed()) {
        return Command{p.reset};
    }
    if (p.detect_cmd->parsed()) {
        if (p.no_cache) {
            p.detect.cache_dir.clear();
        }
        p.detect.plain = p.engine_name == "plain";
        return Command{p.detect};
    }
    if (p.rules_check_cmd->parsed()) {
        return Command{p.rules_check};
    }
    if (p.version_cmd->parsed()) {
        return Command{VersionCommand{}};
    }
    return 2;
}

}  // namespace

std::variant<Command, int> Parse(int argc, char** argv) {
    CLI::App app{
        "ungcuu — nền tảng điều phối, ứng cứu sự cố an toàn thông tin mạng\n"
        "ungcuu — cyber-incident response platform",
        "ungcuu"};
    app.require_subcommand(1);
    Parsed p;
    AddServe(app, p);
    AddServeWork(p);
    AddAdministration(app, p);
    AddDetection(app, p);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    return Chosen(p);
}

std::optional<std::pair<std::string, unsigned short>> ParseListen(std::string_view listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::nullopt;
    }
    std::string host(listen.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port = core::ParseInt64(listen.substr(colon + 1));
    if (!port || *port < 0 || *port > 65535) {
        return std::nullopt;
    }
    return std::make_pair(host, static_cast<unsigned short>(*port));
}

std::string DatabaseOf(const Command& command) {
    return std::visit(
        [](const auto& c) -> std::string {
            if constexpr (requires { c.db; }) {
                return c.db;
            } else {
                return {};
            }
        },
        command);
}

int ExitCodeFor(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument:
        case core::ErrorCode::kPayloadTooLarge:
            return 2;
        case core::ErrorCode::kNotFound:
            return 3;
        case core::ErrorCode::kAlreadyExists:
        case core::ErrorCode::kConflict:
            return 4;
        case core::ErrorCode::kPermissionDenied:
        case core::ErrorCode::kUnauthenticated:
        case core::ErrorCode::kTooManyRequests:
            return 5;
        case core::ErrorCode::kUnavailable:
            return 6;
        case core::ErrorCode::kInternal:
            return 1;
    }
    return 1;
}

int Report(const core::Error& error, std::ostream& err) {
    err << "Lỗi: " << error.message_vi << "\n";
    err << "Error: " << error.message_en << "\n";
    for (const auto& detail : error.details) {
        err << "  - " << detail.message_vi << " / " << detail.message_en << "\n";
    }
    return ExitCodeFor(error.code);
}

int RunImportUnits(const ImportUnitsCommand& command,
                   app::UnitService& units,
                   std::ostream& out,
                   std::ostream& err) {
    std::ifstream file(command.file, std::ios::binary);
    if (!file) {
        return Report(core::NotFound(fmt::format("Không mở được tệp \"{}\".", command.file),
                                     fmt::format("Cannot open the file \"{}\".", command.file)),
                      err);
    }
    std::ostringstream content;
    content << file.rdbuf();
    if (content.str().size() > std::size_t{50} * 1024 * 1024) {
        return Report(core::Error::Make(core::ErrorCode::kPayloadTooLarge, "Tệp CSV lớn hơn 50 MB.",
                                        "The CSV file is larger than 50 MB."),
                      err);
    }
    auto report = units.ImportCsv(app::Actor::Cli(), content.str());
    if (!report.ok()) {
        return Report(report.error(), err);
    }
    out << fmt::format("Đã nhập {} đơn vị. / Imported {} units.\n", report->created,
                       report->created);
    return 0;
}

namespace {

std::string ReadPassword(std::istream& in) {
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

}  // namespace

int RunCreateUser(const CreateUserCommand& command,
                  std::istream& password_in,
                  app::UnitService& units,
                  app::UserService& users,
                  std::ostream& out,
                  std::ostream& err) {
    const app::Actor actor = app::Actor::Cli();
    const auto role = domain::ParseRole(command.role);
    if (!role) {
        return Report(core::InvalidArgument(
                          fmt::format("Vai trò \"{}\" không hợp lệ; dùng admin, coordinator, "
                                      "responder, officer, leader hoặc auditor.",
                                      command.role),
                          fmt::format("Unknown role \"{}\"; use admin, coordinator, responder, "
                                      "officer, leader or auditor.",
                                      command.role)),
                      err);
    }
    auto unit = units.GetByCode(actor, command.unit_code);
    if (!unit.ok()) {
        return Report(unit.error(), err);
    }
    app::NewUser input{command.login, command.full_name, command.email, unit->id,
                       ReadPassword(password_in)};
    auto user = users.Create(actor, input);
    if (!user.ok()) {
        return Report(user.error(), err);
    }
    auto granted = users.Grant(actor, user->id, unit->id, *role, command.local);
    if (!granted.ok()) {
        return Report(granted.error(), err);
    }
    out << fmt::format("Đã tạo người dùng {} với vai trò {} tại {}. / Created user {}.\n",
                       user->login, command.role, unit->name_vi, user->login);
    return 0;
}

int RunResetPassword(const ResetPasswordCommand& command,
                     std::istream& password_in,
                     app::UserService& users,
                     std::ostream& out,
                     std::ostream& err) {
    auto status = users.ResetPassword(app::Actor::Cli(), command.login, ReadPassword(password_in));
    if (!status.ok()) {
        return Report(status.error(), err);
    }
    out << fmt::format(
        "Đã đặt lại mật khẩu cho {}; các phiên đăng nhập cũ đã bị đóng. / Password "
        "reset; old sessions ended.\n",
        command.login);
    return 0;
}

}  // namespace ungcuu::cli

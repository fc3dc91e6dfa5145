#include "cli/cli.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/text.hpp"

namespace ungcuu::cli {

std::variant<Command, int> Parse(int argc, char** argv) {
    CLI::App app{
        "ungcuu — nền tảng điều phối, ứng cứu sự cố an toàn thông tin mạng\n"
        "ungcuu — cyber-incident response platform",
        "ungcuu"};
    app.require_subcommand(1);
    const std::string db_help =
        "Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgresql://… (database URL)";
    const std::string kPlaceholdersHelp =
        "Tệp YAML giá trị cho chỗ thay thế %tên% của luật dùng expand (values of the expand "
        "modifier's placeholders: name: [values])";

    ServeCommand serve;
    auto* serve_cmd = app.add_subcommand("serve", "Chạy máy chủ web và API (run the server)");
    serve_cmd->add_option("--db", serve.db, db_help);
    serve_cmd->add_option("--listen", serve.listen, "Địa chỉ lắng nghe HOST:PORT (listen address)");
    serve_cmd->add_flag("--demo", serve.demo, "Nạp dữ liệu mẫu một tỉnh (seed a demo province)");
    serve_cmd->add_option("--web-root", serve.web_root,
                          "Phục vụ giao diện từ thư mục này (serve the UI from a directory)");
    serve_cmd->add_option("--threads", serve.threads, "Số luồng xử lý (worker threads)")
        ->check(CLI::Range(1, 64));
    serve_cmd
        ->add_option("--heavy-threads", serve.heavy_threads,
                     "Số luồng cho việc dài: nhập tệp, tạo văn bản, băm mật khẩu (threads for "
                     "long work)")
        ->check(CLI::Range(1, 64));
    serve_cmd
        ->add_option("--max-connections", serve.max_connections,
                     "Số kết nối HTTP tối đa (most HTTP connections at once)")
        ->check(CLI::Range(16, 1000000));
    serve_cmd
        ->add_option("--max-connections-per-address", serve.max_connections_per_address,
                     "Số kết nối tối đa từ một địa chỉ; sau máy chủ chuyển tiếp hãy tăng lên (most "
                     "connections from one address; raise it behind a reverse proxy)")
        ->check(CLI::Range(1, 1000000));
    serve_cmd
        ->add_option("--idle-timeout", serve.idle_timeout_s,
                     "Giây giữ kết nối rảnh chờ yêu cầu tiếp (keep-alive idle timeout, s)")
        ->check(CLI::Range(1, 3600));
    serve_cmd->add_flag("--secure-cookies", serve.secure_cookies,
                        "Đánh dấu cookie Secure khi chạy sau HTTPS (behind TLS)");
    serve_cmd
        ->add_option("--list-cache-ms", serve.list_cache_ms,
                     "Thời gian giữ trang danh sách đơn vị đã dựng, 0 để tắt (list cache, ms)")
        ->check(CLI::Range(0, 60000));
    serve_cmd
        ->add_option("--rule-set", serve.rule_set,
                     "Bộ quy tắc xử lý sự cố mặc định: vn-2017 hoặc vn-2026 (incident rule set)")
        ->check(CLI::IsMember({"vn-2017", "vn-2026"}));
    serve_cmd->add_option("--smtp-url", serve.smtp_url,
                          "Máy chủ gửi thư, ví dụ smtp://127.0.0.1:25 (SMTP server for e-mail)");
    serve_cmd->add_option("--mail-from", serve.mail_from, "Địa chỉ gửi thư (sender address)");
    serve_cmd
        ->add_option("--jobs-interval-ms", serve.jobs_interval_ms,
                     "Chu kỳ gửi thư, nhắc hạn (outbox and reminder interval, ms)")
        ->check(CLI::Range(100, 600000));
    serve_cmd->add_option(
        "--rules", serve.rules,
        "Tệp/thư mục luật Sigma; mặc định bộ luật kèm theo (Sigma rules; default: "
        "the shipped pack)");
    serve_cmd->add_option("--placeholders", serve.placeholders, kPlaceholdersHelp);
    serve_cmd->add_option("--syslog-udp", serve.syslog_udp,
                          "Nhận syslog UDP tại HOST:PORT, ví dụ 0.0.0.0:514 (syslog over UDP)");
    serve_cmd->add_option("--syslog-tcp", serve.syslog_tcp,
                          "Nhận syslog TCP tại HOST:PORT (syslog over TCP, RFC 6587)");
    serve_cmd->add_option("--syslog-unit", serve.syslog_unit,
                          "Đơn vị nhận nhật ký của máy gửi chưa khai báo; mặc định đơn vị gốc "
                          "(unit for senders with no log source; default: the top unit)");
    serve_cmd->add_option("--log-files", serve.log_files,
                          "Thư mục mà nguồn nhật ký loại tệp được đọc, lặp lại được (folder "
                          "whose files log sources may read; repeatable)");
    serve_cmd->add_option("--events-db", serve.events_db,
                          "Tệp lưu nhật ký thô (raw event store; default: <db>.events)");
    serve_cmd
        ->add_option("--events-retention-days", serve.events_retention_days,
                     "Số ngày giữ nhật ký thô (raw event retention, days)")
        ->check(CLI::Range(1, 3650));
    serve_cmd
        ->add_option("--ingest-queue", serve.ingest_queue,
                     "Sức chứa hàng đợi nhật ký chờ ghi (events waiting to be stored)")
        ->check(CLI::Range(100, 10000000));

    MigrateCommand migrate;
    auto* migrate_cmd =
        app.add_subcommand("migrate", "Cập nhật lược đồ cơ sở dữ liệu (apply migrations)");
    migrate_cmd->add_option("--db", migrate.db, db_help);

    auto* units_cmd = app.add_subcommand("units", "Quản lý đơn vị (units)");
    units_cmd->require_subcommand(1);
    ImportUnitsCommand import;
    auto* import_cmd =
        units_cmd->add_subcommand("import", "Nhập đơn vị từ tệp CSV UTF-8 (import units)");
    import_cmd->add_option("--db", import.db, db_help);
    import_cmd->add_option("file", import.file, "Tệp CSV (code,parent_code,kind,name_vi,name_en,…)")
        ->required();

    auto* users_cmd = app.add_subcommand("users", "Quản lý người dùng (users)");
    users_cmd->require_subcommand(1);
    CreateUserCommand create;
    bool password_stdin = false;
    auto* create_cmd = users_cmd->add_subcommand("create", "Tạo người dùng (create a user)");
    create_cmd->add_option("--db", create.db, db_help);
    create_cmd->add_option("--login", create.login, "Tên đăng nhập (login)")->required();
    create_cmd->add_option("--unit", create.unit_code, "Mã đơn vị (unit code)")->required();
    create_cmd
        ->add_option("--role", create.role,
                     "Vai trò: admin, coordinator, responder, officer, leader, auditor")
        ->required();
    create_cmd->add_option("--full-name", create.full_name, "Họ và tên (full name)");
    create_cmd->add_option("--email", create.email, "Thư điện tử (e-mail)");
    create_cmd->add_flag("--local", create.local,
                         "Vai trò chỉ trên đơn vị này, không gồm đơn vị trực thuộc");
    create_cmd
        ->add_flag("--password-stdin", password_stdin,
                   "Đọc mật khẩu từ dòng đầu của stdin (read the password from stdin)")
        ->required();

    ResetPasswordCommand reset;
    bool reset_stdin = false;
    auto* reset_cmd =
        users_cmd->add_subcommand("reset-password", "Đặt lại mật khẩu (reset a password)");
    reset_cmd->add_option("--db", reset.db, db_help);
    reset_cmd->add_option("--login", reset.login, "Tên đăng nhập (login)")->required();
    reset_cmd->add_flag("--password-stdin", reset_stdin, "Đọc mật khẩu mới từ stdin")->required();

    auto* version_cmd = app.add_subcommand("version", "In phiên bản (print the version)");

    DetectCommand detect;
    detect.cache_dir = DefaultCacheDir();
    bool no_cache = false;
    auto* detect_cmd = app.add_subcommand(
        "detect", "Chạy luật Sigma trên tệp sự kiện (run Sigma rules over a file of events)");
    detect_cmd
        ->add_option(
            "--rules", detect.rules,
            "Tệp hoặc thư mục luật Sigma, có thể lặp lại (rule file or folder, repeatable)")
        ->required();
    detect_cmd->add_option("--placeholders", detect.placeholders, kPlaceholdersHelp);
    detect_cmd
        ->add_option("--input", detect.input,
                     "Tệp sự kiện: JSON lines, một tài liệu, mảng JSON; - là stdin (events)")
        ->required();
    detect_cmd->add_option("--output", detect.output,
                           "Tệp kết quả NDJSON, - là stdout (matches, one JSON line each)");
    detect_cmd
        ->add_option("--format", detect.format,
                     "Định dạng đầu vào (input format): auto|json|syslog|access")
        ->check(CLI::IsMember({"auto", "json", "syslog", "access"}));
    detect_cmd->add_flag("!--no-routing", detect.route,
                         "Chạy mọi luật trên mọi sự kiện, bỏ qua logsource (ignore log sources)");
    detect_cmd->add_option("--cache", detect.cache_dir,
                           "Thư mục giữ cơ sở mẫu đã biên dịch (compiled pattern cache)");
    detect_cmd->add_flag("--no-cache", no_cache, "Không dùng bộ đệm (compile every time)");
    std::string engine_name = "fast";
    detect_cmd
        ->add_option("--engine", engine_name,
                     "fast: bộ máy nhanh (mặc định); plain: bộ đánh giá đơn giản để đối chiếu "
                     "(fast engine, or the plain evaluator to cross-check)")
        ->check(CLI::IsMember({"fast", "plain"}));

    auto* rules_cmd = app.add_subcommand("rules", "Luật phát hiện Sigma (detection rules)");
    rules_cmd->require_subcommand(1);
    RulesCheckCommand rules_check;
    auto* rules_check_cmd = rules_cmd->add_subcommand(
        "check", "Kiểm tra luật: luật nạp được và luật bị từ chối kèm lý do (check rules)");
    rules_check_cmd->add_option("paths", rules_check.paths, "Tệp hoặc thư mục luật (rule paths)")
        ->required();
    rules_check_cmd->add_option("--placeholders", rules_check.placeholders, kPlaceholdersHelp);
    rules_check_cmd->add_flag("--verbose", rules_check.verbose,
                              "Liệt kê cả luật nạp được (list loaded rules too)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    if (serve_cmd->parsed()) {
        const auto listen = ParseListen(serve.listen);
        if (!listen) {
            return Report(
                core::InvalidArgument(
                    fmt::format(
                        "--listen \"{}\" không hợp lệ; dùng HOST:PORT, ví dụ 127.0.0.1:8080.",
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
    if (migrate_cmd->parsed()) {
        return Command{migrate};
    }
    if (import_cmd->parsed()) {
        return Command{import};
    }
    if (create_cmd->parsed()) {
        if (create.full_name.empty()) {
            create.full_name = create.login;
        }
        return Command{create};
    }
    if (reset_cmd->parsed()) {
        return Command{reset};
    }
    if (detect_cmd->parsed()) {
        if (no_cache) {
            detect.cache_dir.clear();
        }
        detect.plain = engine_name == "plain";
        return Command{detect};
    }
    if (rules_check_cmd->parsed()) {
        return Command{rules_check};
    }
    if (version_cmd->parsed()) {
        return Command{VersionCommand{}};
    }
    return 2;
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
    if (content.str().size() > 50 * 1024 * 1024) {
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

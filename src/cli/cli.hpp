// The operator's command line: parsing into Command values, and the commands that act on the
// database through the app services. Opening the database and serving HTTP are the composition
// root's job (bin/), which receives the parsed Command.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/organisation/unit_service.hpp"
#include "app/organisation/user_service.hpp"
#include "core/error.hpp"

namespace ungcuu::cli {

inline constexpr const char* kDefaultDatabase = "sqlite:ungcuu.db";

struct ServeCommand {
    std::string db = kDefaultDatabase;
    std::string listen = "127.0.0.1:8080";
    std::string host = "127.0.0.1";  // from `listen`, checked by Parse()
    unsigned short port = 8080;
    bool demo = false;
    std::optional<std::string> web_root;
    int threads = 2;
    int heavy_threads = 2;  // imports, uploads, documents, password hashing
    int max_connections = 4096;
    int max_connections_per_address = 256;
    int idle_timeout_s = 30;
    bool secure_cookies = false;
    int list_cache_ms = 2000;
    std::string rule_set = "vn-2017";
    std::vector<std::string> regime_files;  // the deployment's own report regimes
    std::string public_url;                 // where other installations reach this one
    std::string smtp_url;
    std::string mail_from = "ungcuu@localhost";
    int jobs_interval_ms = 5000;
    // Detection: rules (empty: the shipped pack), syslog listeners ("" off), raw event store.
    std::vector<std::string> rules;
    std::string placeholders;  // values of `expand` placeholders (YAML); empty: none
    std::string syslog_udp;
    std::string syslog_tcp;
    std::string events_db;
    int events_retention_days = 30;
    int ingest_queue = 100000;
    std::int64_t syslog_unit = 0;
    std::vector<std::string> log_files;  // folders file sources may read
    // The website monitor.
    bool monitor = true;
    std::string monitor_dns;  // "HOST[:PORT]" of the name server to ask; empty: the system's
    std::string monitor_ca;   // more certificates to trust (a PEM file); empty: the system's
    int monitor_concurrency = 200;
    bool monitor_pictures = true;  // picture defaced pages with Chromium when installed
    bool monitor_machine = false;  // sites on this machine's own addresses may be checked
    // Malware scanning of uploads and captured pages.
    std::vector<std::string> yara_rules;  // more YARA rule files and folders
    std::string clamav_db;                // a ClamAV database folder; empty: /var/lib/clamav if any
    int scan_budget_ms = 5000;
    std::string log_format = "text";  // or "json": one object a line
    std::string upload_dir;           // where uploaded files are kept; empty: beside the database
};

struct MigrateCommand {
    std::string db = kDefaultDatabase;
};

struct ImportUnitsCommand {
    std::string db = kDefaultDatabase;
    std::string file;
};

struct CreateUserCommand {
    std::string db = kDefaultDatabase;
    std::string login;
    std::string unit_code;
    std::string role;
    std::string full_name;
    std::string email;
    bool local = false;
};

struct ResetPasswordCommand {
    std::string db = kDefaultDatabase;
    std::string login;
};

struct VersionCommand {};

/// `ungcuu detect`: Sigma rules over a file of events, one JSON line per match.
struct DetectCommand {
    std::vector<std::string> rules;
    std::string placeholders;  // values of `expand` placeholders (YAML); empty: none
    std::string input;
    std::string output = "-";
    std::string format = "auto";
    bool route = true;
    std::string cache_dir;  // empty: no cache
    bool plain = false;     // the plain evaluator (the oracle) instead of the fast engine
};

/// `ungcuu rules check DIR`: which rules load, which are refused and why.
struct RulesCheckCommand {
    std::vector<std::string> paths;
    bool verbose = false;
    std::string placeholders;  // values of `expand` placeholders (YAML); empty: none
};

using Command = std::variant<ServeCommand,
                             MigrateCommand,
                             ImportUnitsCommand,
                             CreateUserCommand,
                             ResetPasswordCommand,
                             VersionCommand,
                             DetectCommand,
                             RulesCheckCommand>;

/// Splits "HOST:PORT" ("[::1]:8080" for IPv6); nullopt when malformed.
std::optional<std::pair<std::string, unsigned short>> ParseListen(std::string_view listen);

/// A parsed command, or the exit code to leave with (help printed: 0, usage error: 2).
std::variant<Command, int> Parse(int argc, char** argv);

/// The database URL a command works on (empty for `version`).
std::string DatabaseOf(const Command& command);

/// Exit codes: 0 ok, 2 bad usage/input, 3 not found, 4 conflict, 5 refused, 6 database
/// unavailable, 1 anything else.
int ExitCodeFor(core::ErrorCode code);
/// Prints the error (Vietnamese, then English, then each detail) and returns its exit code.
int Report(const core::Error& error, std::ostream& err);

int RunImportUnits(const ImportUnitsCommand& command,
                   app::UnitService& units,
                   std::ostream& out,
                   std::ostream& err);
/// Reads the password from the first line of `password_in`.
int RunCreateUser(const CreateUserCommand& command,
                  std::istream& password_in,
                  app::UnitService& units,
                  app::UserService& users,
                  std::ostream& out,
                  std::ostream& err);
/// Runs the rules over the input; the summary (rules, events, events/s) goes to `err`.
int RunDetect(const DetectCommand& command, std::ostream& err);
int RunRulesCheck(const RulesCheckCommand& command, std::ostream& out, std::ostream& err);
/// The default place for compiled rule databases: $XDG_CACHE_HOME/ungcuu or ~/.cache/ungcuu.
std::string DefaultCacheDir();

int RunResetPassword(const ResetPasswordCommand& command,
                     std::istream& password_in,
                     app::UserService& users,
                     std::ostream& out,
                     std::ostream& err);

}  // namespace ungcuu::cli

// Serving the web UI from a folder on disk (`serve --web-root DIR`, for UI development): which
// file, if any, a request path names. The request path is untrusted: only plain asset names are
// taken (letters, digits, '-', '_', '.', '/' between non-empty segments, no "." or ".."
// segment), and the file is served only when, with every link resolved, it is a regular file
// inside the folder. Everything else is "no such file". Pure functions of the file system; safe
// from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace ungcuu::http {

/// True when `path` (the path part of a request target, starting with '/') is spelled as an
/// asset name may be: "/", or '/'-separated segments of [A-Za-z0-9._-], none empty, none "." or
/// "..", no percent-encoding, backslash, NUL or other byte.
bool IsPlainAssetPath(std::string_view path);

/// The file under `root` that `path` names, resolved with links, when `path` is plain and the
/// resolved file is a regular file inside the resolved `root`; nullopt otherwise.
std::optional<std::filesystem::path> ResolveUnderRoot(const std::filesystem::path& root,
                                                      std::string_view path);

/// The content coding to send a static file in, given the request's Accept-Encoding header and
/// which precompressed copies of the file exist: "br" before "gzip" before "" (the file as it
/// is). Codings are matched case-insensitively; one with q=0 is refused, and "*" stands for any
/// coding the header does not name. A malformed header is read as far as it makes sense.
std::string_view ChooseEncoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

}  // namespace ungcuu::http

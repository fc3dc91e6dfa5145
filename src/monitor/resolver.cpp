#include "monitor/resolver.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <array>

namespace ungcuu::monitor {

namespace {

constexpr std::size_t kAnswerBytes = 8192;

bool ConfigureServer(res_state state, const std::string& server) {
    if (server.empty()) {
        return true;
    }
    std::string host = server;
    int port = 53;
    if (const auto colon = server.rfind(':'); colon != std::string::npos) {
        host = server.substr(0, colon);
        try {
            port = std::stoi(server.substr(colon + 1));
        } catch (const std::exception&) {
            return false;
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
        return false;
    }
    state->nscount = 1;
    state->nsaddr_list[0] = address;
    return true;
}

/// The records of one type, added to `out`; false when the server did not answer.
bool Query(res_state state, const std::string& host, int type, DnsAnswer& out, bool& nxdomain) {
    std::array<unsigned char, kAnswerBytes> buffer{};
    const int length = res_nquery(state, host.c_str(), ns_c_in, type, buffer.data(), buffer.size());
    if (length < 0) {
        // HOST_NOT_FOUND: the name does not exist; NO_DATA: it has no record of this type.
        if (state->res_h_errno == HOST_NOT_FOUND) {
            nxdomain = true;
            return true;
        }
        return state->res_h_errno == NO_DATA;
    }
    ns_msg message{};
    if (ns_initparse(buffer.data(), length, &message) != 0) {
        return false;
    }
    const int count = ns_msg_count(message, ns_s_an);
    for (int i = 0; i < count && i < 64; ++i) {
        ns_rr record{};
        if (ns_parserr(&message, ns_s_an, i, &record) != 0 || ns_rr_type(record) != type) {
            continue;
        }
        const unsigned char* data = ns_rr_rdata(record);
        std::array<char, NS_MAXDNAME> text{};
        if (type == ns_t_a && ns_rr_rdlen(record) == 4) {
            inet_ntop(AF_INET, data, text.data(), text.size());
            out.records.push_back(fmt::format("A {}", text.data()));
        } else if (type == ns_t_aaaa && ns_rr_rdlen(record) == 16) {
            inet_ntop(AF_INET6, data, text.data(), text.size());
            out.records.push_back(fmt::format("AAAA {}", text.data()));
        } else if (type == ns_t_ns) {
            if (ns_name_uncompress(ns_msg_base(message), ns_msg_end(message), data, text.data(),
                                   text.size()) >= 0) {
                out.records.push_back(fmt::format("NS {}", text.data()));
            }
        } else if (type == ns_t_mx && ns_rr_rdlen(record) > 2) {
            const unsigned preference = ns_get16(data);
            if (ns_name_uncompress(ns_msg_base(message), ns_msg_end(message), data + 2, text.data(),
                                   text.size()) >= 0) {
                out.records.push_back(fmt::format("MX {} {}", preference, text.data()));
            }
        }
    }
    return true;
}

}  // namespace

bool IsMachineAddress(const std::string& address) {
    std::array<unsigned char, 16> bytes{};
    std::string bare = address;
    if (bare.starts_with('[') && bare.ends_with(']')) {
        bare = bare.substr(1, bare.size() - 2);
    }
    const auto v4 = [](const unsigned char* a) {
        return a[0] == 127 || a[0] == 0 || (a[0] == 169 && a[1] == 254);
    };
    if (inet_pton(AF_INET, bare.c_str(), bytes.data()) == 1) {
        return v4(bytes.data());
    }
    if (inet_pton(AF_INET6, bare.c_str(), bytes.data()) != 1) {
        return false;
    }
    const bool zero_prefix =
        std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; });
    if (zero_prefix && bytes[10] == 0xff && bytes[11] == 0xff) {
        return v4(bytes.data() + 12);  // ::ffff:a.b.c.d
    }
    const bool zero_head = zero_prefix && bytes[10] == 0 && bytes[11] == 0 && bytes[12] == 0 &&
                           bytes[13] == 0 && bytes[14] == 0;
    if (zero_head && (bytes[15] == 0 || bytes[15] == 1)) {
        return true;  // :: and ::1
    }
    return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;  // fe80::/10
}

bool IsAddressLiteral(const std::string& host) {
    std::array<unsigned char, 16> bytes{};
    std::string bare = host;
    if (bare.starts_with('[') && bare.ends_with(']')) {
        bare = bare.substr(1, bare.size() - 2);
    }
    return inet_pton(AF_INET, bare.c_str(), bytes.data()) == 1 ||
           inet_pton(AF_INET6, bare.c_str(), bytes.data()) == 1;
}

DnsAnswer Lookup(const std::string& host, const DnsOptions& options) {
    DnsAnswer answer;

    struct __res_state state {};

    if (res_ninit(&state) != 0) {
        answer.error = "không khởi tạo được bộ phân giải tên miền / the resolver could not start";
        return answer;
    }
    if (!ConfigureServer(&state, options.server)) {
        res_nclose(&state);
        answer.error = "địa chỉ máy chủ DNS không hợp lệ (--monitor-dns): " + options.server;
        return answer;
    }
    state.retrans = static_cast<int>(std::max<std::int64_t>(1, options.timeout.count()));
    state.retry = 1;
    bool nxdomain = false;
    // The A query decides whether the server answered; the others add what they find.
    const bool answered = Query(&state, host, ns_t_a, answer, nxdomain);
    if (answered && !nxdomain) {
        for (const int type : {ns_t_aaaa, ns_t_ns, ns_t_mx}) {
            bool ignored = false;
            (void)Query(&state, host, type, answer, ignored);
        }
    }
    res_nclose(&state);
    answer.answered = answered;
    std::sort(answer.records.begin(), answer.records.end());
    for (const std::string_view prefix : {"A ", "AAAA "}) {
        for (const auto& record : answer.records) {
            if (answer.address.empty() && record.starts_with(prefix)) {
                answer.address = record.substr(prefix.size());
            }
        }
    }
    answer.exists = !answer.address.empty();
    if (!answered) {
        answer.error = "máy chủ DNS không trả lời / no answer from the name server";
    } else if (!answer.exists) {
        answer.error = nxdomain ? "tên miền không tồn tại (NXDOMAIN)"
                                : "tên miền không có bản ghi A hoặc AAAA";
    }
    return answer;
}

}  // namespace ungcuu::monitor

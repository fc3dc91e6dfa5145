// The monitor's DNS lookups (glibc's resolver, one state per call, thread-safe): a watched host's
// A, AAAA, NS and MX records, from the system's name server or one the deployment names (a
// province's own resolver; the local test server), so that a change of records is seen and the
// connection goes to the address the records give.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ungcuu::monitor {

struct DnsOptions {
    std::string server;  // "127.0.0.1:5353" or "10.0.0.2"; empty: /etc/resolv.conf
    std::chrono::seconds timeout{2};
};

struct DnsAnswer {
    bool answered = false;  // a name server answered (NXDOMAIN included)
    bool exists = false;    // the name has an A or AAAA record
    std::vector<std::string>
        records;          // "A 10.0.0.1", "AAAA ::1", "NS ns.x", "MX 10 mail.x", sorted
    std::string address;  // the first A record, else the first AAAA
    std::string error;    // why there is no address
};

/// Whether the monitor may not connect to `address` (an IP address as text) unless the deployment
/// allows it: this machine itself (127.0.0.0/8, ::1, 0.0.0.0/8, ::) and link-local addresses
/// (169.254.0.0/16 — cloud metadata —, fe80::/10), IPv4-mapped forms included. A unit's officer
/// naming such an address would otherwise read the server's own services through the evidence.
bool IsMachineAddress(const std::string& address);

/// Whether `host` is an IP address literal (then nothing is looked up).
bool IsAddressLiteral(const std::string& host);

/// The records of `host`; `records` only when the server answered.
DnsAnswer Lookup(const std::string& host, const DnsOptions& options);

}  // namespace ungcuu::monitor

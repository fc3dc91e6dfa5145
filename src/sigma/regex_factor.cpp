#include "sigma/regex_factor.hpp"

#include <algorithm>
#include <cctype>

namespace ungcuu::sigma {

namespace {

constexpr std::size_t kMinLiteral = 2;  // shorter literals would be found in almost every value
constexpr std::size_t kMaxLiterals = 16;

using Literals = std::vector<std::string>;  // one of these is in every match

double Cost(const Literals& set) {
    double cost = 0;
    for (const auto& literal : set) {
        cost += 1.0 + 8.0 / static_cast<double>(literal.size());
    }
    return cost;
}

bool IsAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// An `i` among the flags of any `(?flags)` or `(?flags:` group.
bool HasCaselessFlag(std::string_view pattern) {
    for (std::size_t at = pattern.find("(?"); at != std::string_view::npos;
         at = pattern.find("(?", at + 2)) {
        for (std::size_t i = at + 2; i < pattern.size(); ++i) {
            const char c = pattern[i];
            if (c == 'i') {
                return true;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
                break;
            }
        }
    }
    return false;
}

// A recursive reader of RE2's syntax that keeps only what decides which literals are required:
// runs of literal characters that every match spells out one after another. Anything it does
// not know makes it fail, and the regex is then not gated at all.
class Reader {
public:
    Reader(std::string_view pattern, bool caseless) : p_(pattern), caseless_(caseless) {}

    bool failed() const { return failed_; }

    bool at_end() const { return i_ == p_.size(); }

    // Alternatives up to the end or to a closing parenthesis: every one must have literals.
    std::optional<Literals> Alternation() {
        Literals out;
        bool all = true;
        for (;;) {
            auto branch = Sequence();
            if (failed_) {
                return std::nullopt;
            }
            if (branch) {
                out.insert(out.end(), branch->begin(), branch->end());
            } else {
                all = false;
            }
            if (i_ < p_.size() && p_[i_] == '|') {
                ++i_;
                continue;
            }
            break;
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        if (!all || out.empty() || out.size() > kMaxLiterals) {
            return std::nullopt;
        }
        return out;
    }

private:
    // Elements up to `|`, `)` or the end; the cheapest of the literal sets they require.
    std::optional<Literals> Sequence() {
        candidates_.emplace_back();
        runs_.emplace_back();
        last_.push_back(kNone);
        std::optional<Literals> group;  // the group just read, until its repetition is known
        bool group_pending = false;
        bool repeated = false;  // the previous token was a repetition
        const auto commit_group = [&] {
            if (group_pending && group) {
                candidates_.back().push_back(*group);
            }
            group_pending = false;
            group.reset();
        };
        while (!failed_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
            const char c = p_[i_];
            if (c == '*' || c == '+' || c == '?' || c == '{') {
                std::size_t min = 0;
                if (repeated || !Repetition(min)) {
                    failed_ = true;
                    break;
                }
                repeated = true;
                if (group_pending) {
                    if (min == 0) {
                        group.reset();
                    }
                    commit_group();
                } else if (last_.back() != kNone) {
                    if (min == 0) {
                        runs_.back().resize(last_.back());
                    }
                    Close();
                }
                continue;
            }
            if (const auto flags = BareFlagsLength(); flags != 0) {
                // `(?i)` is no element: RE2 applies a repetition after it to what came before
                // (`ab(?i)*` is `ab*`), so the run, the pending group and `repeated` stay.
                i_ += flags;
                continue;
            }
            repeated = false;
            commit_group();
            switch (c) {
                case '(':
                    group = Group();
                    group_pending = true;
                    break;
                case '[':
                    SkipClass();
                    break;
                case '.':
                case '^':
                case '$':
                    ++i_;
                    Close();
                    break;
                case '\\':
                    Escape();
                    break;
                default:
                    Character();
                    break;
            }
        }
        commit_group();
        Close();
        std::optional<Literals> best;
        for (const auto& candidate : candidates_.back()) {
            if (!best || Cost(candidate) < Cost(*best)) {
                best = candidate;
            }
        }
        candidates_.pop_back();
        runs_.pop_back();
        last_.pop_back();
        return best;
    }

    // The length of a bare `(?flags)` at the reading position, 0 when there is none.
    std::size_t BareFlagsLength() const {
        if (p_.substr(i_, 2) != "(?") {
            return 0;
        }
        std::size_t k = i_ + 2;
        while (k < p_.size() &&
               (std::isalpha(static_cast<unsigned char>(p_[k])) != 0 || p_[k] == '-')) {
            ++k;
        }
        return k < p_.size() && p_[k] == ')' ? k + 1 - i_ : 0;
    }

    // `(…)`, `(?:…)`, `(?P<name>…)`, `(?flags:…)` (a bare `(?flags)` is read by Sequence).
    std::optional<Literals> Group() {
        Close();
        ++i_;
        if (i_ < p_.size() && p_[i_] == '?') {
            ++i_;
            if (p_.substr(i_, 2) == "P<" || p_.substr(i_, 1) == "<") {
                const auto end = p_.find('>', i_);
                if (end == std::string_view::npos) {
                    return Fail();
                }
                i_ = end + 1;
            } else {
                while (i_ < p_.size() &&
                       (std::isalpha(static_cast<unsigned char>(p_[i_])) != 0 || p_[i_] == '-')) {
                    ++i_;
                }
                if (i_ >= p_.size() || p_[i_] != ':') {
                    return Fail();
                }
                ++i_;
            }
        }
        auto inner = Alternation();
        if (failed_ || i_ >= p_.size() || p_[i_] != ')') {
            return Fail();
        }
        ++i_;
        return inner;
    }

    // `{n}`, `{n,}`, `{n,m}` or `*`, `+`, `?`, each maybe lazy; its minimum in `min`.
    bool Repetition(std::size_t& min) {
        const char c = p_[i_++];
        if (c == '*' || c == '?') {
            min = 0;
        } else if (c == '+') {
            min = 1;
        } else {
            std::size_t digits = 0;
            min = 0;
            while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
                min = min * 10 + static_cast<std::size_t>(p_[i_++] - '0');
                if (++digits > 4) {
                    return false;
                }
            }
            if (digits == 0) {
                return false;  // not a repetition RE2 reads the same way for sure
            }
            if (i_ < p_.size() && p_[i_] == ',') {
                ++i_;
                while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
                    ++i_;
                }
            }
            if (i_ >= p_.size() || p_[i_] != '}') {
                return false;
            }
            ++i_;
        }
        if (i_ < p_.size() && p_[i_] == '?') {
            ++i_;  // lazy
        }
        return true;
    }

    void SkipClass() {
        Close();
        ++i_;
        if (i_ < p_.size() && p_[i_] == '^') {
            ++i_;
        }
        if (i_ < p_.size() && p_[i_] == ']') {
            ++i_;
        }
        while (i_ < p_.size() && p_[i_] != ']') {
            if (p_[i_] == '\\') {  // an escape; \p{…} and \x{…} with their braces
                const char e = i_ + 1 < p_.size() ? p_[i_ + 1] : '\0';
                i_ += 2;
                if ((e == 'p' || e == 'P' || e == 'x') && i_ < p_.size() && p_[i_] == '{') {
                    SkipBraces();
                }
                continue;
            }
            if (p_.substr(i_, 2) == "[:") {
                const auto end = p_.find(":]", i_ + 2);
                if (end == std::string_view::npos) {
                    Fail();
                    return;
                }
                i_ = end + 2;
                continue;
            }
            ++i_;
        }
        if (i_ >= p_.size()) {
            Fail();
            return;
        }
        ++i_;
    }

    void SkipBraces() {
        const auto end = p_.find('}', i_);
        if (end == std::string_view::npos) {
            Fail();
            return;
        }
        i_ = end + 1;
    }

    void Escape() {
        if (i_ + 1 >= p_.size()) {
            Fail();
            return;
        }
        const char e = p_[i_ + 1];
        i_ += 2;
        if (static_cast<unsigned char>(e) >= 0x80) {
            Fail();
            return;
        }
        if (!IsAsciiAlnum(e)) {
            Literal(std::string_view(&e, 1));
            return;
        }
        static constexpr std::string_view kControls = "ntrfva";
        static constexpr std::string_view kControlBytes = "\n\t\r\f\v\a";
        if (const auto k = kControls.find(e); k != std::string_view::npos) {
            Literal(kControlBytes.substr(k, 1));
            return;
        }
        switch (e) {
            case 'd':
            case 'D':
            case 'w':
            case 'W':
            case 's':
            case 'S':
            case 'C':
            case 'b':
            case 'B':
            case 'A':
            case 'z':
                Close();
                return;
            case 'p':
            case 'P':
            case 'x':
                Close();
                if (i_ < p_.size() && p_[i_] == '{') {
                    SkipBraces();
                } else {
                    i_ += e == 'x' ? 2 : 1;
                    if (i_ > p_.size()) {
                        Fail();
                    }
                }
                return;
            default:
                if (e >= '0' && e <= '7') {
                    Close();
                    for (int k = 0; k < 2 && i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7';
                         ++k) {
                        ++i_;
                    }
                    return;
                }
                Fail();  // \Q…\E, back references and the like: not read here
                return;
        }
    }

    // A character as written (a whole UTF-8 sequence).
    void Character() {
        const auto lead = static_cast<unsigned char>(p_[i_]);
        const std::size_t length = lead < 0x80   ? 1
                                   : lead < 0xC0 ? 0
                                   : lead < 0xE0 ? 2
                                   : lead < 0xF0 ? 3
                                   : lead < 0xF8 ? 4
                                                 : 0;
        if (length == 0 || i_ + length > p_.size()) {
            Fail();
            return;
        }
        Literal(p_.substr(i_, length));
        i_ += length;
    }

    void Literal(std::string_view bytes) {
        if (caseless_) {
            const char c = bytes[0];
            // Folded forms outside ASCII (K, ſ and every non-ASCII letter) are not looked for.
            if (bytes.size() > 1 || c == 'k' || c == 'K' || c == 's' || c == 'S') {
                Close();
                return;
            }
            last_.back() = runs_.back().size();
            runs_.back() += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            return;
        }
        last_.back() = runs_.back().size();
        runs_.back() += bytes;
    }

    // Ends the current run of literal characters, keeping it when it is long enough.
    void Close() {
        auto& run = runs_.back();
        if (run.size() >= kMinLiteral) {
            candidates_.back().push_back({run});
        }
        run.clear();
        last_.back() = kNone;
    }

    std::nullopt_t Fail() {
        failed_ = true;
        return std::nullopt;
    }

    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    std::string_view p_;
    std::size_t i_ = 0;
    bool caseless_ = false;
    bool failed_ = false;
    // Per sequence being read (innermost last): its candidate sets, its current run, and where
    // in the run the last character starts (kNone: the last element was no character).
    std::vector<std::vector<Literals>> candidates_;
    std::vector<std::string> runs_;
    std::vector<std::size_t> last_;
};

}  // namespace

std::optional<RegexFactors> RequiredLiterals(std::string_view pattern, bool case_sensitive) {
    RegexFactors out;
    out.caseless = !case_sensitive || HasCaselessFlag(pattern);
    Reader reader(pattern, out.caseless);
    auto literals = reader.Alternation();
    if (reader.failed() || !reader.at_end() || !literals) {
        return std::nullopt;
    }
    out.literals = std::move(*literals);
    return out;
}

}  // namespace ungcuu::sigma

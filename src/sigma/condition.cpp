// The condition grammar of Sigma: `not` binds tighter than `and`, `and` tighter than `or`;
// parentheses; `1 of`/`any of`/`all of` a detection name pattern or `them`.
#include <fmt/format.h>

#include <cctype>

#include "sigma/rule.hpp"

namespace ungcuu::sigma {

namespace {

core::Error Bad(std::string_view text, std::string_view why) {
    return core::InvalidArgument(
        fmt::format("Luật Sigma không chạy được: điều kiện \"{}\": {}", text, why),
        fmt::format("The Sigma rule cannot run: condition \"{}\": {}", text, why));
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {
        std::size_t i = 0;
        while (i < text.size()) {
            const char c = text[i];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
            } else if (c == '(' || c == ')') {
                tokens_.emplace_back(1, c);
                ++i;
            } else {
                std::size_t j = i;
                while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) &&
                       text[j] != '(' && text[j] != ')') {
                    ++j;
                }
                tokens_.emplace_back(text.substr(i, j - i));
                i = j;
            }
        }
    }

    core::Result<Condition> Parse() {
        if (tokens_.empty()) {
            return Bad(text_, "empty");
        }
        auto c = Or();
        if (!c.ok()) {
            return c;
        }
        if (pos_ != tokens_.size()) {
            return Bad(text_, fmt::format("unexpected \"{}\"", tokens_[pos_]));
        }
        return c;
    }

private:
    static std::string Lower(std::string_view s) {
        std::string out(s);
        for (auto& c : out) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return out;
    }

    bool Peek(std::string_view word) const {
        return pos_ < tokens_.size() && Lower(tokens_[pos_]) == word;
    }

    core::Result<Condition> Or() { return Chain("or", Condition::Kind::kOr, &Parser::And); }

    core::Result<Condition> And() { return Chain("and", Condition::Kind::kAnd, &Parser::Not); }

    // operand (word operand)*, as one node of `kind` when there are several.
    core::Result<Condition> Chain(std::string_view word,
                                  Condition::Kind kind,
                                  core::Result<Condition> (Parser::*operand)()) {
        auto left = (this->*operand)();
        if (!left.ok()) {
            return left;
        }
        Condition node{kind, "", {std::move(left).value()}};
        while (Peek(word)) {
            ++pos_;
            auto right = (this->*operand)();
            if (!right.ok()) {
                return right;
            }
            node.children.push_back(std::move(right).value());
        }
        if (node.children.size() == 1) {
            return std::move(node.children.front());
        }
        return node;
    }

    core::Result<Condition> Not() {
        if (Peek("not")) {
            ++pos_;
            auto inner = Not();
            if (!inner.ok()) {
                return inner;
            }
            return Condition{Condition::Kind::kNot, "", {std::move(inner).value()}};
        }
        return Primary();
    }

    core::Result<Condition> Primary() {
        if (pos_ >= tokens_.size()) {
            return Bad(text_, "ends too early");
        }
        const std::string token = tokens_[pos_];
        if (token == "(") {
            ++pos_;
            auto inner = Or();
            if (!inner.ok()) {
                return inner;
            }
            if (pos_ >= tokens_.size() || tokens_[pos_] != ")") {
                return Bad(text_, "a parenthesis is not closed");
            }
            ++pos_;
            return inner;
        }
        if (token == ")") {
            return Bad(text_, "unexpected \")\"");
        }
        const std::string word = Lower(token);
        if (pos_ + 1 < tokens_.size() && Lower(tokens_[pos_ + 1]) == "of") {
            Condition node;
            if (word == "all") {
                node.kind = Condition::Kind::kAllOf;
            } else if (word == "1" || word == "any") {
                node.kind = Condition::Kind::kOneOf;
            } else {
                return Bad(text_, fmt::format("\"{} of\": only 1, any or all", token));
            }
            pos_ += 2;
            if (pos_ >= tokens_.size() || tokens_[pos_] == "(" || tokens_[pos_] == ")") {
                return Bad(text_, "\"of\" needs a name pattern or them");
            }
            node.name = Lower(tokens_[pos_]) == "them" ? "them" : tokens_[pos_];
            ++pos_;
            return node;
        }
        if (word == "and" || word == "or" || word == "of" || word == "them") {
            return Bad(text_, fmt::format("unexpected \"{}\"", token));
        }
        ++pos_;
        return Condition{Condition::Kind::kRef, token, {}};
    }

    std::string_view text_;
    std::vector<std::string> tokens_;
    std::size_t pos_ = 0;
};

}  // namespace

core::Result<Condition> ParseCondition(std::string_view text) { return Parser(text).Parse(); }

}  // namespace ungcuu::sigma

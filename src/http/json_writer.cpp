#include "http/json_writer.hpp"

#include <algorithm>
#include <charconv>

#include "core/text.hpp"

namespace ungcuu::http {

void JsonWriter::Separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.back()) {
        out_.push_back(',');
    }
    first_.back() = false;
}

JsonWriter& JsonWriter::Open(char bracket) {
    Separate();
    out_.push_back(bracket);
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
    out_.push_back(bracket);
    first_.pop_back();
    return *this;
}

namespace {

// Appends `text` as a JSON string body; most text needs no escaping and is copied in one go.
void AppendEscaped(std::string& out, std::string_view text) {
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    if (plain) {
        out.append(text);
    } else {
        out += core::JsonEscape(text);
    }
}

}  // namespace

JsonWriter& JsonWriter::Key(std::string_view key) {
    Separate();
    out_.push_back('"');
    AppendEscaped(out_, key);
    out_.append("\":", 2);
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
    Separate();
    out_.push_back('"');
    AppendEscaped(out_, value);
    out_.push_back('"');
    return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
    Separate();
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out_.append(buffer, end);
    return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
    Separate();
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::Null() {
    Separate();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
    Separate();
    out_.append(json);
    return *this;
}

}  // namespace ungcuu::http

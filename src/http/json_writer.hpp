// A streaming JSON writer for hot responses (lists): appends straight to the response body,
// without building a document first. Structural correctness (matching Begin/End, a key before
// each value in objects) is the caller's job; strings are escaped here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ungcuu::http {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& BeginObject() { return Open('{'); }

    JsonWriter& EndObject() { return Close('}'); }

    JsonWriter& BeginArray() { return Open('['); }

    JsonWriter& EndArray() { return Close(']'); }

    JsonWriter& Key(std::string_view key);
    JsonWriter& String(std::string_view value);
    JsonWriter& Int(std::int64_t value);
    JsonWriter& Bool(bool value);
    JsonWriter& Null();
    /// Inserts an already-serialised JSON value.
    JsonWriter& Raw(std::string_view json);

private:
    JsonWriter& Open(char bracket);
    JsonWriter& Close(char bracket);
    void Separate();

    std::string& out_;
    std::vector<bool> first_{true};  // per nesting level: no value written yet
    bool after_key_ = false;
};

}  // namespace ungcuu::http

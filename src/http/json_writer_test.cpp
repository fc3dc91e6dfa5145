#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ungcuu::http {
namespace {

TEST(JsonWriter, NestedValuesParseBack) {
    std::string out;
    JsonWriter writer(out);
    writer.BeginObject()
        .Key("items")
        .BeginArray()
        .BeginObject()
        .Key("id")
        .Int(-7)
        .Key("name")
        .String("Xã \"Hòa\" Phú\n\\")
        .Key("on")
        .Bool(true)
        .Key("parent")
        .Null()
        .EndObject()
        .Int(3)
        .EndArray()
        .Key("next")
        .Raw("{\"a\":1}")
        .EndObject();
    const auto parsed = boost::json::parse(out);
    EXPECT_EQ(parsed.at("items").at(0).at("id").as_int64(), -7);
    EXPECT_EQ(parsed.at("items").at(0).at("name").as_string(), "Xã \"Hòa\" Phú\n\\");
    EXPECT_TRUE(parsed.at("items").at(0).at("parent").is_null());
    EXPECT_EQ(parsed.at("items").at(1).as_int64(), 3);
    EXPECT_EQ(parsed.at("next").at("a").as_int64(), 1);
}

}  // namespace
}  // namespace ungcuu::http

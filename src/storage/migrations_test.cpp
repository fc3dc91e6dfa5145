#include "storage/migrations.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace ungcuu::storage {
namespace {

std::string Refusal(const std::vector<MigrationFile>& files) {
    auto parsed = ParseMigrations(files);
    EXPECT_FALSE(parsed.ok());
    return parsed.ok() ? "" : parsed.error().message_en;
}

TEST(Migrations, SectionsSplitCommonAndEngineStatements) {
    auto parsed = ParseMigrations({{"0001_first.sql",
                                    "-- the first tables\nCREATE TABLE a (id {ID});\n"
                                    "-- only sqlite\nCREATE TRIGGER t;\n"
                                    "-- only postgres\nCREATE FUNCTION f;\n"},
                                   {"0002_second.sql", "-- an index\nCREATE INDEX i ON a(id);\n"}});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message_en;
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].version, 1);
    EXPECT_EQ((*parsed)[0].description, "the first tables");
    EXPECT_EQ((*parsed)[0].common_sql, "CREATE TABLE a (id {ID});\n");
    EXPECT_EQ((*parsed)[0].sqlite_sql, "CREATE TRIGGER t;\n");
    EXPECT_EQ((*parsed)[0].postgres_sql, "CREATE FUNCTION f;\n");
    EXPECT_EQ((*parsed)[1].version, 2);
    EXPECT_EQ((*parsed)[1].sqlite_sql, "");
}

TEST(Migrations, BadFilesAreRefusedNamingTheFile) {
    const std::string ok = "-- tables\nCREATE TABLE a (id {ID});\n";
    EXPECT_NE(Refusal({{"1_first.sql", ok}}).find("1_first.sql"), std::string::npos);
    EXPECT_NE(Refusal({{"000a_first.sql", ok}}).find("NNNN_name.sql"), std::string::npos);
    EXPECT_NE(Refusal({{"0001_first.txt", ok}}).find("NNNN_name.sql"), std::string::npos);
    EXPECT_NE(Refusal({{"0001_a.sql", ok}, {"0003_c.sql", ok}}).find("expected number 0002"),
              std::string::npos);
    EXPECT_NE(Refusal({{"0002_b.sql", ok}}).find("expected number 0001"), std::string::npos);
    EXPECT_NE(Refusal({{"0001_a.sql", "CREATE TABLE a (id {ID});\n"}}).find("first line"),
              std::string::npos);
    EXPECT_NE(Refusal({{"0001_a.sql", "-- nothing\n\n"}}).find("no statement"), std::string::npos);
    EXPECT_NE(Refusal({{"0001_a.sql", ok + "-- only mysql\nSELECT 1;\n"}}).find("only mysql"),
              std::string::npos);
    EXPECT_NE(Refusal({}).find("no schema migration"), std::string::npos);
}

TEST(Migrations, EveryFileOfTheFolderIsEmbeddedAndParses) {
    const auto& all = Migrations();
    // Every file of the source folder is embedded, none left behind by the build.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(UNGCUU_SOURCE_DIR) / "src/storage/migrations")) {
        files += entry.path().extension() == ".sql" ? 1 : 0;
    }
    ASSERT_GT(files, 0U);
    EXPECT_EQ(all.size(), files);
    EXPECT_NE(all.front().common_sql.find("CREATE TABLE units"), std::string::npos);
    EXPECT_NE(all.front().sqlite_sql.find("audit_log_no_update"), std::string::npos);
    EXPECT_NE(all.front().postgres_sql.find("audit_log_append_only"), std::string::npos);
}

}  // namespace
}  // namespace ungcuu::storage

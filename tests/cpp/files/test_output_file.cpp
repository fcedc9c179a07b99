// Outputs never destroy the database: every file the library writes goes through
// files::OutputFile (temporary file + rename) and refuses the open store and its companions.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "files/output_file.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

std::size_t files_in(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("an output file appears whole on commit and not at all on failure", "[files]") {
    TempDir dir;
    const auto target = dir / "out.csv";
    std::ofstream(target) << "old";
    {
        files::OutputFile out(target);
        out.stream() << "new contents";
        CHECK(clt_test::read_file(target) == "old");  // nothing visible before commit
    }
    CHECK(clt_test::read_file(target) == "old");      // destroyed without commit: the old file stays
    CHECK(files_in(dir / "") == 1);     // and the temporary file is gone
    {
        files::OutputFile out(target);
        out.stream() << "new contents";
        out.commit();
    }
    CHECK(clt_test::read_file(target) == "new contents");
    CHECK(files_in(dir / "") == 1);
}

TEST_CASE("an output over the database or its companion files is refused before anything is written", "[files]") {
    TempDir dir;
    const auto db_path = dir / "shop.db";
    { Database db(db_path, {.create = true}); }
    const auto before = clt_test::read_file(db_path);
    std::filesystem::create_symlink(db_path, dir / "link.db");
    std::filesystem::create_hard_link(db_path, dir / "hard.db");
    const auto relative = std::filesystem::relative(db_path);  // ./x vs x, relative vs absolute
    for (const auto& out : {db_path, dir / "link.db", dir / "hard.db", dir / "." / "shop.db", relative,
                            dir / "shop.db-wal", dir / "shop.db-shm", dir / "shop.db-journal"}) {
        INFO(out);
        CHECK_THROWS_AS(files::OutputFile(out, db_path), InvalidInput);
    }
    CHECK(clt_test::read_file(db_path) == before);
    CHECK_FALSE(std::filesystem::exists(dir / "shop.db-journal"));
    CHECK_NOTHROW(files::refuse_database_path(dir / "other.db", db_path));
}

TEST_CASE("export and the rejected rows file refuse the open database in every format", "[files][export]") {
    TempDir dir;
    const auto db_path = dir / "shop.db";
    Database db(db_path, {.create = true});
    auto c = clt_test::person("张", "伟", "zw@example.com");
    c.external_id = "A1";
    db.customers().create(c);
    for (auto format : {FileFormat::csv, FileFormat::jsonl}) {
        CHECK_THROWS_AS(db.exporter().customers(db_path, {format}), InvalidInput);
        CHECK_THROWS_AS(db.exporter().interactions(dir / "shop.db-wal", {format}), InvalidInput);
    }
    ImportOptions o;
    o.skip_invalid = true;
    o.rejected_path = db_path;
    std::istringstream in("external_id,email\nB1,not-an-email\n");
    CHECK_THROWS_AS(db.importer().customers(in, "in.csv", o), InvalidInput);
    // The store is whole and unchanged: the refused import wrote nothing either.
    CHECK(db.customers().count() == 1);
    Database again(db_path);
    CHECK(again.customers().get("A1").family_name == "张");
}

TEST_CASE("a failed export leaves the previous file in place", "[files][export]") {
    TempDir dir;
    Database db(dir / "shop.db", {.create = true});
    db.customers().create(clt_test::person("李", "娜"));
    const auto out = dir / "customers.csv";
    REQUIRE(db.exporter().customers(out) == 1);
    const auto first = clt_test::read_file(out);
    // A damaged card makes the export fail after it has begun writing.
    clt_test::exec_raw(dir / "shop.db", "UPDATE customers SET card = '{broken'");
    CHECK_THROWS(db.exporter().customers(out));
    CHECK(clt_test::read_file(out) == first);
    CHECK(files_in(dir / "") == 4);  // shop.db, -wal, -shm, customers.csv: no temporary left
}

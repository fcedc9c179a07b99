// Deleted means gone: after Customers::remove none of the customer's names, emails or phones
// is left anywhere in the file or its WAL, in any form the store keeps them (docs/security.md).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "store/session.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

// Every form of customer `n`'s data the store writes: the name as given and case-folded (the
// full-text index), the email and its local part (a token), the phone as typed, in E.164,
// its national digits and their last eight (a full-text term stored after a prefix it
// shares with the term before it).
std::vector<std::string> traces(int n) {
    const std::string k = std::to_string(n);
    return {"Quaxley" + k, "quaxley" + k, "Vorpent" + k, "vorpent" + k,
            "xq.unique" + k + "@example.org", "xq.unique" + k,
            "139 1234 567" + k, "+8613912345670" + k, "8613912345670" + k, "13912345670" + k, "12345670" + k};
}

Customer traced(int n) {
    const std::string k = std::to_string(n);
    return clt_test::person("Vorpent" + k, "Quaxley" + k, "xq.unique" + k + "@example.org", "139 1234 567" + k);
}

// How many of customer n's traces the store file and its WAL hold, while the store is open.
std::size_t found(const std::filesystem::path& db, int n) {
    const std::string all = clt_test::read_file(db) + clt_test::read_file(db.string() + "-wal");
    std::size_t hits = 0;
    for (const auto& t : traces(n))
        if (all.find(t) != std::string::npos) ++hits;
    return hits;
}

}  // namespace

TEST_CASE("a deleted customer's names, emails and phones leave the file and the WAL") {
    TempDir dir;
    const auto path = dir / "shop.db";
    Database db(path, {.create = true});
    std::vector<Customer> cs;
    for (int n = 1; n <= 3; ++n) cs.push_back(db.customers().create(traced(n)));
    Interaction call;
    call.customer_id = cs[1].id;
    call.kind = InteractionKind::call;
    call.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
    db.interactions().add(call);
    // Written through a checkpoint into the main file as well, as a store in use would be.
    clt_test::exec_raw(path, "PRAGMA wal_checkpoint(PASSIVE)");
    REQUIRE(found(path, 2) > 0);

    db.customers().remove(cs[1].id.to_string());
    CHECK(found(path, 2) == 0);
    // The others are all still there (the search finds them too).
    CHECK(found(path, 1) > 0);
    CHECK(found(path, 3) > 0);
    CHECK(db.customers().search("Quaxley3").size() == 1);
    CHECK(db.customers().search("13912345673").size() == 1);
    CHECK(db.customers().search("Quaxley2").empty());
}

TEST_CASE("deleting a customer drops the merge images that hold a copy of it") {
    TempDir dir;
    const auto path = dir / "shop.db";
    Database db(path, {.create = true});
    Customer a = db.customers().create(traced(1));
    Customer b = db.customers().create(traced(2));
    Customer c = db.customers().create(traced(3));
    // b was merged into a and the merge undone: the merge record still holds b's images.
    const std::vector<std::string> ab{a.id.to_string(), b.id.to_string()};
    auto undone = db.merges().merge(a.id.to_string(), ab);
    db.merges().unmerge(undone.merge_id.to_string());
    // c is merged into a (applied): deleting a takes c and the merge along.
    const std::vector<std::string> ac{a.id.to_string(), c.id.to_string()};
    db.merges().merge(a.id.to_string(), ac);
    REQUIRE(db.merges().history().size() == 2);

    db.customers().remove(b.id.to_string());
    CHECK(found(path, 2) == 0);
    CHECK(db.merges().history().size() == 1);  // the undone merge held b: gone with it

    db.customers().remove(a.id.to_string());
    CHECK(found(path, 1) == 0);
    CHECK(found(path, 3) == 0);
    CHECK(db.merges().history().empty());
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM merges") == std::vector<std::string>{"0"});
}

TEST_CASE("every connection the library opens zeroes what it deletes (secure_delete)") {
    // Debian's SQLite is built with secure_delete on by default; a vendored or static one
    // need not be, so the store sets it itself. Read back from the store's own connection.
    TempDir dir;
    Database(dir / "shop.db", {.create = true});
    for (bool read_only : {false, true}) {
        store::Session s(dir / "shop.db", {.read_only = read_only});
        CHECK(s.conn.scalar("PRAGMA secure_delete") == 1);
    }
}

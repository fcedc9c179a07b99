// customers.card: the read copy of a customer's child rows that a lookup reads instead of
// five tables (store/schema.hpp). It must give back exactly what was stored, whatever the
// text, and refuse a damaged card rather than guess.
#include <catch2/catch.hpp>

#include "store/schema.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::exec_raw;
using clt_test::person;
using clt_test::TempDir;

TEST_CASE("the card gives back every child row exactly, whatever characters they hold", "[store][card]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "c.db");
    // JSON's escapes (quote, backslash, control characters, a slash), text JSON writers
    // often mangle (U+2028, an emoji outside the BMP, Chinese), and empty strings.
    const std::string odd = "a \"quoted\" C:\\path/x\ttab\nnew line \x01\x1f \u2028 \xF0\x9F\x98\x80 张伟";
    Customer c = person("张", "伟", "zhang@example.com", "138-1234-5678");
    c.emails[0].label = odd;
    c.emails.push_back({"second@example.com", "", false, {}});
    c.phones.push_back({"+1 415 382 1234", "\\u0041 not an escape", false, {}});
    c.addresses.push_back({odd, odd, "上海", "", "200000", "CN", true});
    c.addresses.push_back({"", "", "", "", "", "", false});
    c.tags = {"z-last", "vip", "a \"tag\""};
    c.consent[ConsentChannel::email] = {ConsentStatus::granted, parse_timestamp("2024-01-02T03:04:05Z"), odd};
    c.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, ""};
    const Customer stored = db.customers().create(c);
    const Customer read = db.customers().get(stored.id.to_string());
    CHECK(to_json(read) == to_json(stored));
    CHECK(read.emails.at(0).label == odd);
    CHECK(read.addresses.at(0).street == odd);
    CHECK(read.consent.at(ConsentChannel::email).method == odd);
    CHECK_FALSE(read.consent.at(ConsentChannel::sms).at.has_value());
    CHECK(read.tags == std::vector<std::string>{"a \"tag\"", "vip", "z-last"});
    // A write stores the card it computes itself; it must be exactly the text SQLite makes
    // from the child rows (what the migration, merge and unmerge write).
    auto card_texts = [&] {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open_v2((dir / "c.db").string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* q = nullptr;
        const std::string sql = std::string("SELECT card, ") + store::kCardSql + " FROM customers ORDER BY id";
        REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
        std::vector<std::pair<std::string, std::string>> out;
        while (sqlite3_step(q) == SQLITE_ROW)
            out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)),
                             reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
        sqlite3_finalize(q);
        sqlite3_close(raw);
        return out;
    };
    for (const auto& [stored_card, sql_card] : card_texts()) CHECK(stored_card == sql_card);
    // Every path that changes child rows keeps the card true: tags, an update, a find.
    const std::vector<std::string> more{"new"};
    db.customers().add_tags(stored.id.to_string(), more);
    CHECK(db.customers().get(stored.id.to_string()).tags == std::vector<std::string>{"a \"tag\"", "new", "vip", "z-last"});
    Customer next = db.customers().get(stored.id.to_string());
    next.emails.erase(next.emails.begin());
    next.phones.clear();
    next = db.customers().save(next);
    const auto found = db.customers().find_by_email("second@example.com");
    REQUIRE(found.size() == 1);
    CHECK(to_json(found[0]) == to_json(next));
    CHECK(found[0].phones.empty());
    CHECK(db.customers().find_by_email("zhang@example.com").empty());
    for (const auto& [stored_card, sql_card] : card_texts()) CHECK(stored_card == sql_card);
}

TEST_CASE("a damaged card is reported, not guessed around", "[store][card]") {
    TempDir dir;
    const auto path = dir / "c.db";
    std::string id;
    {
        auto db = clt_test::make_store(path);
        id = db.customers().create(person("Li", "Lei", "li@example.com")).id.to_string();
    }
    for (const char* card : {"not json", "{\"e\":[[\"li@example.com\"]]}", "{\"e\":[]} trailing", "{\"x\":[]}",
                             "{\"e\":[[1,2,3,4]]}", "{\"t\":[\"\\ud800\"]}", "{\"t\":[\"unclosed]}"}) {
        INFO(card);
        exec_raw(path, std::string("UPDATE customers SET card = '") + card + "'");
        Database db(path, {.user = "admin"});
        try {
            (void)db.customers().get(id);
            FAIL("a damaged card was read");
        } catch (const CorruptData& e) {
            CHECK_THAT(e.what(), Catch::Contains("damaged card"));
        }
    }
    // An empty card is a customer without child rows, as a row from before the card was.
    exec_raw(path, "UPDATE customers SET card = '{}'");
    Database db(path, {.user = "admin"});
    CHECK(db.customers().get(id).emails.empty());
}

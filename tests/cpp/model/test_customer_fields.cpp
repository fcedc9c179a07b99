// Every text field of the field table (src/model/customer_fields.cpp) goes through every
// layer that lists fields. A field forgotten by any layer — a table column, the JSON form,
// CSV names and export, merge rules, search — fails here, for today's fields and any
// added later.
#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>

#include "clientele/cells.hpp"
#include "model/customer_fields.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

// A value each field accepts as it is (a field with its own rule gets a valid language
// tag, the one such rule today), distinct per field so that a mix-up shows.
std::string sample(const fields::TextField& f) {
    return f.check ? "en" : "value of " + std::string(f.name) + " 值";
}

Customer filled() {
    Customer c;
    for (const auto& f : fields::customer_text_fields()) c.*f.member = sample(f);
    return c;
}

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("every text field is stored, read, and written as JSON", "[fields]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const auto stored = db.customers().create(filled());
    const auto read = db.customers().get(stored.id.to_string());
    const auto json = to_json(read);
    const auto back = customer_from_json(json, "test", 1);
    for (const auto& f : fields::customer_text_fields()) {
        INFO(f.name);
        CHECK(read.*f.member == sample(f));
        CHECK(json.at(std::string(f.name)) == sample(f));
        CHECK(back.*f.member == sample(f));
        CHECK(contains(customer_json_keys(), f.name));
    }
}

TEST_CASE("every text field has a CSV column that exports and imports back", "[fields][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto c = filled();
    c.external_id = "F1";
    db.customers().create(c);
    std::ostringstream csv;
    db.exporter().customers(csv, {FileFormat::csv});
    const auto header = csv.str().substr(0, csv.str().find('\n'));

    auto fresh = clt_test::make_store(dir / "b.db");
    std::istringstream in(csv.str());
    REQUIRE(fresh.importer().customers(in, "export.csv").committed);
    const auto read = fresh.customers().get("F1");
    for (const auto& f : fields::customer_text_fields()) {
        INFO(f.name);
        CHECK(header.find("," + std::string(f.name) + ",") != std::string::npos);
        CHECK(canonical_column(f.name, RecordType::customers) == f.name);
        for (std::string_view rest = f.aliases; !rest.empty();) {
            const auto alias = rest.substr(0, rest.find('|'));
            CHECK(canonical_column(alias, RecordType::customers) == f.name);
            rest = alias.size() == rest.size() ? std::string_view{} : rest.substr(alias.size() + 1);
        }
        CHECK(read.*f.member == sample(f));
    }
}

TEST_CASE("every text field has a merge rule, and a merge fills an empty one", "[fields][merge]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer bare;
    bare.external_id = "S";
    bare.display_name = "S";
    db.customers().create(bare);
    auto full = filled();
    full.external_id = "O";
    db.customers().create(full);
    const std::vector<std::string> other{"O"};
    MergeOptions options;
    options.rules["name"] = MergeRule::most_complete;  // S's one-letter name would win a tie
    const auto r = db.merges().merge("S", other, options);
    for (const auto& f : fields::customer_text_fields()) {
        INFO(f.name);
        CHECK(contains(merge_rule_fields(), f.name_part ? "name" : std::string(f.name)));
        CHECK(r.survivor.*f.member == sample(f));
    }
}

TEST_CASE("every searchable text field finds its customer", "[fields][search]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const auto id = db.customers().create(filled()).id;
    for (const auto& f : fields::customer_text_fields()) {
        if (!f.searchable) continue;
        INFO(f.name);
        const auto hits = db.customers().search("value of " + std::string(f.name));
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].id == id);
    }
}

TEST_CASE("a file from before a text field existed gains its column on open", "[fields][open]") {
    TempDir dir;
    {
        auto db = clt_test::make_store(dir / "a.db");
        Customer c;
        c.external_id = "OLD";
        c.display_name = "Old";
        db.customers().create(c);
    }
    clt_test::exec_raw(dir / "a.db", "ALTER TABLE customers DROP COLUMN preferred_language");
    Database db(dir / "a.db", {.user = "admin"});
    CHECK(db.customers().get("OLD").preferred_language.empty());
    auto patched = db.customers().update("OLD", R"({"preferred_language":"zh_cn"})", 1);
    CHECK(patched.preferred_language == "zh-CN");
}

TEST_CASE("preferred_language is a BCP 47 tag, stored in canonical case", "[fields][language]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer c;
    c.display_name = "A";
    for (auto [given, stored] : {std::pair{"zh_cn", "zh-CN"}, {"ZH-hant-tw", "zh-Hant-TW"}, {"en", "en"}, {" yue-HK ", "yue-HK"}}) {
        INFO(given);
        c.preferred_language = given;
        CHECK(db.customers().create(c).preferred_language == stored);
    }
    for (const char* bad : {"chinese", "zh-", "12", "en--US", "x"}) {
        INFO(bad);
        c.preferred_language = bad;
        try {
            db.customers().create(c);
            FAIL("accepted");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "preferred_language");
        }
    }
}

// Custom fields as clientele's own value type, and the JSON-text API of the public
// headers (issue 12: no nlohmann::json in the installed headers).
#include <catch2/catch.hpp>

#include "clientele/clientele.hpp"
#include "support.hpp"

using namespace clientele;

namespace {

std::string field_of_failure(std::string_view text) {
    try {
        JsonObject::parse(text, "extra");
    } catch (const InvalidInput& e) {
        return e.field();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("a JsonObject keeps one canonical text, so equal objects compare equal", "[json][custom]") {
    const auto a = JsonObject::parse(R"( { "tier" : "金卡", "size": 42, "n": {"b": [1, 2], "a": null} } )");
    CHECK(a.text() == R"({"n":{"a":null,"b":[1,2]},"size":42,"tier":"金卡"})");
    CHECK(a == JsonObject::parse(R"({"size":42,"n":{"a":null,"b":[1,2]},"tier":"金卡"})"));
    CHECK_FALSE(a == JsonObject::parse(R"({"size":43})"));
    CHECK(JsonObject().text() == "{}");
    CHECK(JsonObject().empty());
    CHECK(JsonObject::parse(" {\n} ").empty());
    CHECK(JsonObject::parse(" {\n} ") == JsonObject());
    CHECK_FALSE(a.empty());
}

TEST_CASE("a JsonObject refuses anything but one JSON object, naming the field", "[json][custom]") {
    for (std::string_view bad : {"", "[1]", "42", "\"text\"", "null", "{", R"({"a":1} {"b":2})", R"({"a":1e999})",
                                 "{\"a\":\"\xff\"}"}) {
        INFO(bad);
        CHECK(field_of_failure(bad) == "extra");
    }
}

TEST_CASE("the JSON-text API reads and writes the same form as the C ABI", "[json]") {
    const auto c = customer_from_json_text(
        R"({"external_id":"C1","given_name":"伟","family_name":"张","custom":{"tier":"gold","size":42}})");
    CHECK(c.custom.text() == R"({"size":42,"tier":"gold"})");
    const auto text = to_json_text(c);
    CHECK(text.find(R"("custom":{"size":42,"tier":"gold"})") != std::string::npos);
    CHECK(to_json_text(customer_from_json_text(text)) == text);

    auto field_of = [](std::string_view json) {
        try {
            customer_from_json_text(json, "upload", 7);
        } catch (const InvalidInput& e) {
            return e.field() + "@" + e.source() + ":" + std::to_string(e.row());
        }
        return std::string("(accepted)");
    };
    CHECK(field_of(R"({"custom":[1]})") == "custom@upload:7");
    CHECK(field_of(R"({"custom":"x"})") == "custom@upload:7");
    CHECK(field_of("not json") == "@upload:0");

    const auto rules = merge_rules_from_json_text(R"({"notes":"combine"})");
    CHECK(rules.at("notes") == MergeRule::combine);
    CHECK_THROWS_AS(merge_rules_from_json_text(R"({"shoe":"combine"})"), InvalidInput);
    CHECK(points_entry_from_json_text(R"({"kind":"earn","points":5})").points == 5);
}

TEST_CASE("custom fields and patches cross the store as JSON text", "[store][custom]") {
    clt_test::TempDir dir;
    auto db = clt_test::make_store(dir / "c.db");
    Customer c;
    c.given_name = "Wei";
    c.custom = JsonObject::parse(R"({"tier":"gold","size":42})");
    const auto id = db.customers().create(c).id.to_string();
    CHECK(db.customers().get(id).custom == c.custom);

    const auto v2 = db.customers().update(id, R"({"custom":{"size":null,"city":"上海"}})", 1);
    CHECK(v2.custom.text() == R"({"city":"上海","tier":"gold"})");
    // A patch that is not a JSON object is refused before anything is written.
    CHECK_THROWS_AS(db.customers().update(id, "[1]", 2), InvalidInput);
    CHECK_THROWS_AS(db.customers().update(id, "{", 2), InvalidInput);
    CHECK_THROWS_AS(db.users().update("admin", "\"admin\""), InvalidInput);
    CHECK(db.customers().get(id).version == 2);
    CHECK(db.customers().get(id).custom == v2.custom);
}

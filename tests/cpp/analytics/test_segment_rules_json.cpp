// The JSON form of custom RFM segment rules (clientele::segment_rules_from_json_text), read
// the same way by the C ABI and the CLI.
#include <catch2/catch.hpp>

#include <string>

#include "clientele/analytics.hpp"
#include "clientele/error.hpp"
#include "clientele/json.hpp"

using namespace clientele;

namespace {

std::string field_of(const std::string& text) {
    try {
        segment_rules_from_json_text(text);
    } catch (const InvalidInput& e) {
        return e.field();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("segment rules read from JSON keep their order and ranges", "[analytics][json]") {
    auto rules = segment_rules_from_json_text(
        R"([{"name": "vip", "r": [4, 5], "f": [4, 5]}, {"name": "其他", "r": [1, 5], "f": [1, 5]}])");
    REQUIRE(rules.size() == 2);
    CHECK(rules[0].name == "vip");
    CHECK(rules[0].r_min == 4);
    CHECK(rules[0].r_max == 5);
    CHECK(rules[0].f_min == 4);
    CHECK(rules[1].name == "其他");
    CHECK(rules[1].f_max == 5);
    CHECK(segment_rules_from_json_text("[]").empty());
}

TEST_CASE("bad segment rules name the rule and the field", "[analytics][json]") {
    CHECK(field_of(R"({"name": "vip"})") == "segments");
    CHECK(field_of(R"(["vip"])") == "segments[0]");
    CHECK(field_of(R"([{"r": [1, 5], "f": [1, 5]}])") == "segments[0].name");
    CHECK(field_of(R"([{"name": "a", "r": [1, 5], "f": [1, 5]}, {"name": "b", "f": [1, 5]}])") == "segments[1].r");
    CHECK(field_of(R"([{"name": "a", "r": [1, 5], "f": [1.5, 5]}])") == "segments[0].f");
    CHECK(field_of(R"([{"name": "a", "r": [1, 5], "f": [1, 5], "m": [1, 5]}])") == "segments[0].m");
    try {  // not JSON at all: the source names what was being read
        segment_rules_from_json_text("[{");
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.source() == "segments");
    }
}

TEST_CASE("segment rules from JSON drive rfm's segments", "[analytics][json]") {
    std::vector<std::int64_t> customer{1, 2}, timestamp{0, 50 * 86400}, amount{100, 100};
    RfmOptions o;
    o.as_of = std::chrono::sys_days(std::chrono::days(60));
    // Two customers: r scores 1 (60 days) and 3 (10 days).
    o.segments = segment_rules_from_json_text(R"([{"name": "recent", "r": [3, 5], "f": [1, 5]},
                                                  {"name": "older", "r": [1, 5], "f": [1, 5]}])");
    auto s = rfm({customer, timestamp, amount}, o);
    REQUIRE(s.size() == 2);
    CHECK(s.segment_name(0) == "older");
    CHECK(s.segment_name(1) == "recent");
    // Ranges outside the grid are the rfm's check, with the rule named.
    o.segments = segment_rules_from_json_text(R"([{"name": "x", "r": [0, 5], "f": [1, 5]}])");
    CHECK_THROWS_AS(rfm({customer, timestamp, amount}, o), InvalidInput);
}

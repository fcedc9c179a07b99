// The JSON input rules of docs/limits.md: a nesting limit enforced where the text enters
// (before a document is built), and integers beyond 64 bits refused instead of becoming
// inexact doubles or wrapping.
#include <catch2/catch.hpp>

#include <string>

#include "support.hpp"

using namespace clientele;
using Catch::Matchers::Contains;

namespace {

// `levels` nested arrays around 1: "[[1]]" is 2 levels.
std::string nested_arrays(int levels) { return std::string(levels, '[') + "1" + std::string(levels, ']'); }

// A customer record whose custom field "deep" holds `levels` nested arrays (so the custom
// object itself is levels + 1 deep, and the record levels + 2).
std::string customer_with_depth(int levels) {
    return R"({"display_name": "深", "custom": {"deep": )" + nested_arrays(levels) + "}}";
}

InvalidInput refusal(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const InvalidInput& e) {
        return e;
    }
    FAIL("accepted");
    throw;
}

}  // namespace

TEST_CASE("json: nesting deeper than the limit is refused where the text enters, naming the field", "[json][limits]") {
    // Exactly the limit: a custom object of kMaxJsonDepth levels.
    CHECK_NOTHROW(customer_from_json_text(customer_with_depth(kMaxJsonDepth - 1)));
    const auto e = refusal([] { customer_from_json_text(customer_with_depth(kMaxJsonDepth), "people.jsonl", 4); });
    CHECK(e.source() == "people.jsonl");
    CHECK_THAT(e.field(), Catch::StartsWith("custom"));
    CHECK_THAT(e.reason(), Contains("nested deeper than"));
    // 100,000 levels used to overflow the stack (segfault); now it is one clear refusal.
    const auto deep = refusal([] { parse_json(customer_with_depth(100000), "stdin"); });
    CHECK_THAT(deep.reason(), Contains("nested deeper than " + std::to_string(kMaxJsonTextDepth)));
    CHECK_THAT(deep.field(), Catch::StartsWith("custom.deep[0][0]"));
    CHECK(refusal([] { JsonObject::parse(R"({"a": )" + nested_arrays(kMaxJsonDepth) + "}"); }).field() != "");
    CHECK_NOTHROW(JsonObject::parse(R"({"a": )" + nested_arrays(kMaxJsonDepth - 1) + "}"));
}

TEST_CASE("json: a document built in memory is held to the custom-field limit too", "[json][limits]") {
    nlohmann::json deep = 1;
    for (int i = 0; i < kMaxJsonDepth; ++i) deep = nlohmann::json::array({deep});
    CHECK_THROWS_AS(to_json_object({{"deep", deep}}), InvalidInput);
    CHECK_NOTHROW(to_json_object({{"deep", deep[0]}}));
}

TEST_CASE("json: stored custom fields deeper than the limit are damaged data, not a crash", "[json][limits]") {
    CHECK_FALSE(stored_json_object(R"({"a": )" + nested_arrays(20000) + "}"));
    CHECK(stored_json_object(R"({"a": )" + nested_arrays(3) + "}"));
}

TEST_CASE("json: an integer beyond 64 bits is refused, not turned into a double", "[json][limits]") {
    const auto e = refusal([] { parse_json(R"({"custom": {"n": 123456789012345678901234567890}})", "x.json"); });
    CHECK(e.field() == "custom.n");
    CHECK_THAT(e.reason(), Contains("beyond 64 bits"));
    CHECK(refusal([] { parse_json("[1, -99999999999999999999]"); }).field() == "[1]");
    CHECK(refusal([] { JsonObject::parse(R"({"n": 123456789012345678901234567890})", "custom"); }).field() == "custom.n");
    // Written as a float it stays a float; unsigned 64-bit integers are exact.
    CHECK(parse_json("1.5e300").is_number_float());
    CHECK(parse_json("18446744073709551615").get<std::uint64_t>() == 18446744073709551615u);
}

TEST_CASE("json: integer fields refuse values that would wrap", "[json][limits]") {
    auto amount = [](const std::string& v) {
        return refusal([&] {
            interaction_from_json_text(R"({"customer": "C1", "kind": "purchase", "occurred_at": "2024-01-01T00:00:00Z", "amount_minor": )" + v + "}");
        });
    };
    // 2^64-1 used to be stored as -1, 2^63 as INT64_MIN.
    for (const char* v : {"18446744073709551615", "9223372036854775808", "1e19", "1e16"}) {
        const auto e = amount(v);
        CHECK(e.field() == "amount_minor");
        CHECK_THAT(e.reason(), Contains("beyond"));
    }
    CHECK(refusal([] { points_entry_from_json_text(R"({"kind": "earn", "points": 18446744073709551615})"); }).field() == "points");
}

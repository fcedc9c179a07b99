#include <catch2/catch.hpp>

#include "clientele/clientele.hpp"
#include "json/json.hpp"

using namespace clientele;
using nlohmann::json;

TEST_CASE("customer JSON round-trips every field", "[json]") {
    json in = {
        {"external_id", "C1"}, {"kind", "person"}, {"given_name", "伟"}, {"family_name", "张"},
        {"emails", {{{"address", "Zhang.Wei@Example.com"}, {"label", "work"}, {"primary", true}}}},
        {"phones", {"138-1234-5678"}},
        {"addresses", {{{"city", "上海"}, {"postcode", "200000"}, {"country", "CN"}, {"primary", true}}}},
        {"birthday", "1988-04-12"}, {"gender", "male"}, {"tags", {"vip"}},
        {"custom", {{"shoe_size", 42}, {"nested", {{"a", {1, 2}}}}}},
        {"consent", {{"email", {{"status", "granted"}, {"at", "2024-01-02T03:04:05Z"}, {"method", "web"}}}, {"sms", "denied"}}},
        {"notes", "line1\nline2, \"quoted\""}};
    Customer c = customer_from_json(in);
    CHECK(c.phones.at(0).number == "138-1234-5678");
    CHECK(c.consent.at(ConsentChannel::sms).status == ConsentStatus::denied);
    json out = to_json(c);
    Customer again = customer_from_json(out);
    CHECK(to_json(again) == out);
    CHECK(out["custom"]["nested"]["a"][1] == 2);
    CHECK(out["consent"]["email"]["at"] == "2024-01-02T03:04:05Z");
}

TEST_CASE("customer JSON errors name the field", "[json]") {
    auto field_of = [](const json& j) {
        try {
            customer_from_json(j, "input.jsonl", 7);
        } catch (const InvalidInput& e) {
            CHECK(e.source() == "input.jsonl");
            CHECK(e.row() == 7);
            return e.field();
        }
        return std::string("<accepted>");
    };
    CHECK(field_of({{"kind", "robot"}}) == "kind");
    CHECK(field_of({{"given_name", 5}}) == "given_name");
    CHECK(field_of({{"emails", {{{"address", 1}}}}}) == "emails[0].address");
    CHECK(field_of({{"birthday", "2023-02-30"}}) == "birthday");
    CHECK(field_of({{"custom", "not an object"}}) == "custom");
    CHECK(field_of({{"nickname", "x"}}) == "nickname");
    CHECK(field_of({{"consent", {{"fax", "granted"}}}}) == "consent.fax");
    CHECK_THROWS_AS(customer_from_json(json::array()), InvalidInput);
}

TEST_CASE("parse_json_object accepts only JSON objects", "[json]") {
    CHECK(parse_json_object(R"({"a":1})")["a"] == 1);
    CHECK_THROWS_AS(parse_json_object("[1,2]"), InvalidInput);
    CHECK_THROWS_AS(parse_json_object("{\"a\":"), InvalidInput);
    CHECK_THROWS_AS(parse_json_object("\"text\""), InvalidInput);
    CHECK_THROWS_AS(parse_json_object("{\"a\":\"\xff\"}"), InvalidInput);
    CHECK_THROWS_AS(parse_json_object(R"({"a":1e999})"), InvalidInput);  // out_of_range inside nlohmann
    CHECK_THROWS_AS(parse_json("-1e400"), InvalidInput);
}

TEST_CASE("interaction JSON takes the customer in either form", "[json]") {
    auto i = interaction_from_json({{"customer", "C1"}, {"kind", "purchase"}, {"amount_minor", 129900}});
    CHECK(i.customer_external_id == "C1");
    CHECK(i.customer_id.is_nil());
    auto j = interaction_from_json({{"customer", "6f1c2a9e-0b4d-4c7a-9e3b-1234567890ab"}, {"kind", "call"}});
    CHECK(j.customer_id.to_string() == "6f1c2a9e-0b4d-4c7a-9e3b-1234567890ab");
    CHECK_THROWS_AS(interaction_from_json({{"kind", "call"}, {"csat", 6}}), InvalidInput);
    CHECK_THROWS_AS(interaction_from_json({{"customer", "C1"}}), InvalidInput);  // kind is required
}

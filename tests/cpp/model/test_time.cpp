#include <catch2/catch.hpp>

#include "clientele/clientele.hpp"

using namespace clientele;

TEST_CASE("timestamps parse ISO 8601 forms and format as UTC", "[time]") {
    CHECK(format_timestamp(parse_timestamp("2024-05-01T08:30:00Z")) == "2024-05-01T08:30:00Z");
    CHECK(format_timestamp(parse_timestamp("2024-05-01T08:30:00+08:00")) == "2024-05-01T00:30:00Z");
    CHECK(format_timestamp(parse_timestamp("2024-05-01 08:30")) == "2024-05-01T08:30:00Z");
    CHECK(format_timestamp(parse_timestamp("2024-05-01T08:30:00.123-0130")) == "2024-05-01T10:00:00Z");
    CHECK(format_timestamp(parse_timestamp("2024-05-01")) == "2024-05-01T00:00:00Z");
    CHECK(parse_timestamp("1970-01-01T00:00:01Z").time_since_epoch().count() == 1);
}

TEST_CASE("bad timestamps and dates are InvalidInput naming the field", "[time]") {
    for (const char* bad : {"", "2024-5-1", "2024-02-30", "2024-05-01T25:00", "2024-05-01T08:30:00+8", "yesterday",
                            "2024-05-01T08:30:00Zjunk"}) {
        INFO(bad);
        try {
            parse_timestamp(bad, "occurred_at");
            FAIL("accepted");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "occurred_at");
            CHECK(e.code() == ErrorCode::invalid_input);
        }
    }
    CHECK_THROWS_AS(parse_date("2023-02-29"), InvalidInput);
    CHECK(format_date(parse_date("2024-02-29")) == "2024-02-29");
    CHECK(format_date(from_days(to_days(parse_date("1988-04-12")))) == "1988-04-12");
}

TEST_CASE("UUIDs round-trip through text", "[model]") {
    auto u = Uuid::parse("6F1C2A9E-0B4D-4C7A-9E3B-1234567890AB");
    REQUIRE(u);
    CHECK(u->to_string() == "6f1c2a9e-0b4d-4c7a-9e3b-1234567890ab");
    CHECK_FALSE(Uuid::parse("6f1c2a9e-0b4d-4c7a-9e3b-1234567890a"));
    CHECK_FALSE(Uuid::parse("6f1c2a9e+0b4d-4c7a-9e3b-1234567890ab"));
    CHECK(Uuid().is_nil());
}

TEST_CASE("display names follow each script's name order", "[model]") {
    Customer c;
    c.family_name = "张";
    c.given_name = "伟";
    CHECK(derive_display_name(c) == "张伟");
    c.family_name = "Smith";
    c.given_name = "John";
    CHECK(derive_display_name(c) == "John Smith");
    Customer co;
    co.kind = CustomerKind::company;
    co.company_name = "上海明远贸易有限公司";
    CHECK(derive_display_name(co) == "上海明远贸易有限公司");
    Customer only_email;
    only_email.emails.push_back({"a@b.cn", "", false, {}});
    CHECK(derive_display_name(only_email) == "a@b.cn");
}

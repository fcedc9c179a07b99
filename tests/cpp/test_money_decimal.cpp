#include <catch2/catch.hpp>

#include "clientele/error.hpp"
#include "money/money.hpp"

using namespace clientele;

TEST_CASE("money: amounts in minor units by currency, exactly", "[money]") {
    CHECK(money::parse_amount("1,299.00", "CNY") == 129900);
    CHECK(money::parse_amount("-0.5", "USD") == -50);
    CHECK(money::parse_amount("1200", "JPY") == 1200);
    CHECK(money::parse_amount("1.234", "KWD") == 1234);
    CHECK_THROWS_AS(money::parse_amount("1.234", "CNY"), InvalidInput);
    CHECK_THROWS_AS(money::parse_amount("12,34", "CNY"), InvalidInput);
    CHECK(money::format_amount(129900, "CNY") == "1,299.00");
}

TEST_CASE("money: parse_decimal takes the decimals explicitly", "[money]") {
    CHECK(money::parse_decimal("19.90", 2) == 1990);
    CHECK(money::parse_decimal("19.9", 2) == 1990);
    CHECK(money::parse_decimal("1,000", 0) == 1000);
    CHECK(money::parse_decimal("0.125", 3) == 125);
    CHECK(money::parse_decimal("7", 4) == 70000);
    try {
        money::parse_decimal("1.234", 2, "total");
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "total");
    }
    CHECK_THROWS_AS(money::parse_decimal("abc", 2), InvalidInput);
    CHECK_THROWS_AS(money::parse_decimal("99999999999999999999", 2), InvalidInput);
}

// The cell rules of clientele/cells.hpp, tested once, against the core. The wrappers test
// only that they call it (and the conformance table that they agree).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "clientele/cells.hpp"
#include "clientele/error.hpp"

using namespace clientele;

namespace {

std::int64_t seconds(const CellParser& p, std::string_view cell) {
    return p.timestamp(cell, "occurred_at").time_since_epoch().count();
}

std::string reason_of(const CellParser& p, std::string_view cell) {
    try {
        p.timestamp(cell, "occurred_at");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "occurred_at");
        return e.reason();
    }
    FAIL("'" << cell << "' was read");
    return {};
}

}  // namespace

TEST_CASE("a bare number is refused until the caller says its unit", "[cells]") {
    const CellParser none;
    CHECK_THAT(reason_of(none, "1700000000"), Catch::Contains("bare number") && Catch::Contains("s, ms, us or ns"));
    CHECK_THAT(reason_of(none, "20240105"), Catch::Contains("bare number"));
    const CellParser ms(CellRules{"UTC", TimeUnit::milliseconds, DateOrder::iso});
    CHECK(seconds(ms, "1700000000999") == 1700000000);
    const CellParser s(CellRules{"UTC", TimeUnit::seconds, DateOrder::iso});
    CHECK(seconds(s, "0") == 0);
    CHECK(seconds(s, "253402300799") == 253402300799);  // 9999-12-31T23:59:59Z
    CHECK_THAT(reason_of(s, "253402300800"), Catch::Contains("after the year 9999"));
    CHECK_THAT(reason_of(s, "99999999999999999999999"), Catch::Contains("after the year 9999"));
    CHECK_THAT(reason_of(s, "-5"), Catch::Contains("has a sign"));
}

TEST_CASE("spaces around a cell are refused, not trimmed", "[cells]") {
    const CellParser p(CellRules{"UTC", TimeUnit::seconds, DateOrder::iso});
    CHECK_THAT(reason_of(p, " 1700000000"), Catch::Contains("spaces around"));
    CHECK_THAT(reason_of(p, "2024-01-05\t"), Catch::Contains("spaces around"));
    CHECK_THAT(reason_of(p, ""), Catch::Contains("empty"));
    CHECK_THROWS_AS(p.date(" 2024-01-05", "birthday"), InvalidInput);
    CHECK_THROWS_AS(p.amount("12.50 ", "CNY", "amount"), InvalidInput);
}

TEST_CASE("year-last dates need the caller's day/month order", "[cells]") {
    const CellParser iso;
    CHECK_THAT(reason_of(iso, "05/01/2024"), Catch::Contains("day-first or month-first"));
    // Even when only one reading exists: the rule does not guess from the numbers.
    CHECK_THAT(reason_of(iso, "25/12/2024"), Catch::Contains("day-first or month-first"));
    const CellParser dmy(CellRules{"UTC", TimeUnit::none, DateOrder::day_first});
    const CellParser mdy(CellRules{"UTC", TimeUnit::none, DateOrder::month_first});
    CHECK(format_date(dmy.date("05/01/2024", "d")) == "2024-01-05");
    CHECK(format_date(mdy.date("05/01/2024", "d")) == "2024-05-01");
    CHECK(format_date(dmy.date("5.1.2024", "d")) == "2024-01-05");
    CHECK(format_date(dmy.date("2024-01-05", "d")) == "2024-01-05");  // ISO under any order
    CHECK_THROWS_AS(mdy.date("25/12/2024", "d"), InvalidInput);        // month 25
    CHECK_THROWS_AS(dmy.date("05/01/2024 10:00", "d"), InvalidInput);  // a date has no time
    CHECK_THROWS_AS(iso.date("20240105", "d"), InvalidInput);
}

TEST_CASE("local times are read in the caller's zone", "[cells]") {
    const CellParser shanghai(CellRules{"Asia/Shanghai", TimeUnit::none, DateOrder::day_first});
    CHECK(seconds(shanghai, "2024-01-05 08:00") == seconds(CellParser{}, "2024-01-05T00:00:00Z"));
    CHECK(seconds(shanghai, "05/01/2024 08:00") == seconds(CellParser{}, "2024-01-05T00:00:00Z"));
    // An offset in the cell wins over the zone.
    CHECK(seconds(shanghai, "2024-01-05T08:00:00Z") == seconds(CellParser{}, "2024-01-05T08:00:00Z"));
    try {
        CellParser bad(CellRules{"Mars/Olympus", TimeUnit::none, DateOrder::iso});
        FAIL("a zone that does not exist was taken");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "time_zone");
    }
}

TEST_CASE("amounts are minor units of the currency", "[cells]") {
    const CellParser p;
    CHECK(p.amount("1,299.50", "CNY", "amount") == 129950);
    CHECK(p.amount("1299", "JPY", "amount") == 1299);
    CHECK(p.amount("1.299", "KWD", "amount") == 1299);
    CHECK(p.amount("12.5", "", "amount") == 1250);  // no currency: two decimals
    CHECK_THROWS_AS(p.amount("12.5", "JPY", "amount"), InvalidInput);
}

namespace {

std::int64_t row_of_refusal(const std::function<void()>& read, std::string_view field, std::string_view says) {
    try {
        read();
    } catch (const InvalidInput& e) {
        CHECK(e.field() == field);
        CHECK_THAT(e.reason(), Catch::Contains(std::string(says)));
        return e.row();
    }
    FAIL("was read");
    return 0;
}

}  // namespace

TEST_CASE("times that arrive as numbers follow the bare-number rule", "[cells]") {
    const std::vector<std::int64_t> days{20240105, 20240106};
    CHECK(row_of_refusal([&] { check_time_numbers(days, TimeUnit::none, "timestamp"); }, "timestamp", "unit") == 1);
    const std::vector<std::int64_t> ms{1'700'000'000'000, 1'700'000'000'001};
    CHECK_NOTHROW(check_time_numbers(ms, TimeUnit::milliseconds, "t"));
    const std::vector<std::int64_t> last{253402300799, 253402300800};
    CHECK(row_of_refusal([&] { check_time_numbers(last, TimeUnit::seconds, "t"); }, "t", "after the year 9999") == 2);
    const std::vector<std::int64_t> negative{0, -1};
    CHECK(row_of_refusal([&] { check_time_numbers(negative, TimeUnit::seconds, "t"); }, "t", "negative") == 2);
    CHECK_NOTHROW(check_time_numbers({}, TimeUnit::none, "t"));
    const std::vector<std::int64_t> big_ns{std::numeric_limits<std::int64_t>::max()};
    CHECK_NOTHROW(check_time_numbers(big_ns, TimeUnit::nanoseconds, "t"));  // 2262: within 9999
}

TEST_CASE("float amounts: the nearest minor unit within float error, real extra decimals refused", "[cells]") {
    auto minor = [](std::vector<double> v, std::string_view currency) {
        std::vector<std::int64_t> out(v.size());
        amounts_from_floats(v, currency, "amount", out);
        return out;
    };
    CHECK(minor({0.1 + 0.2, 19.99, -0.07, 1e-9, 0.0}, "CNY") == std::vector<std::int64_t>{30, 1999, -7, 0, 0});
    CHECK(minor({1500.0}, "JPY") == std::vector<std::int64_t>{1500});
    CHECK(minor({1.299}, "KWD") == std::vector<std::int64_t>{1299});
    CHECK(minor({12345678901.23, 1e13}, "") == std::vector<std::int64_t>{1234567890123, 1'000'000'000'000'000});
    auto refused = [&](std::vector<double> v, std::string_view currency, std::string_view says) {
        return row_of_refusal([&] { minor(v, currency); }, "amount", says);
    };
    CHECK(refused({1.0, 19.995}, "CNY", "more decimals than CNY allows (2)") == 2);
    CHECK(refused({12345678.901}, "CNY", "more decimals") == 1);  // large: no relative slack
    CHECK(refused({1.5}, "JPY", "more decimals") == 1);
    CHECK(refused({1.0, 2.0, std::nan("")}, "", "empty") == 3);
    CHECK(refused({INFINITY}, "", "infinite") == 1);
    CHECK(refused({1e13 + 0.01}, "", "amount limit") == 1);
    CHECK(currency_decimals("jpy") == 0);
    CHECK(currency_decimals("") == 2);
}

TEST_CASE("a date format reads every cell of the column, and only by the format", "[cells]") {
    CellRules dmy;
    dmy.date_format = "%d/%m/%Y";
    const CellParser p(dmy);
    CHECK(seconds(p, "01/02/2024") == seconds(CellParser{}, "2024-02-01"));
    CHECK(seconds(p, "13/02/2024") == seconds(CellParser{}, "2024-02-13"));
    CHECK(to_days(p.date("5/1/2024", "d")) == to_days(parse_date("2024-01-05")));
    CHECK_THAT(reason_of(p, "2024-02-01"), Catch::Contains("does not match the date format '%d/%m/%Y'"));
    CHECK_THAT(reason_of(p, "02/13/2024"), Catch::Contains("02/13/2024"));  // month 13
    CHECK_THAT(reason_of(p, "30/02/2024"), Catch::Contains("30/02/2024"));
    CellRules compact;
    compact.date_format = "%Y%m%d";
    compact.time_zone = "+08:00";
    const CellParser c(compact);  // a number read by the format, in the zone
    CHECK(seconds(c, "20240105") == seconds(CellParser{}, "2024-01-04T16:00:00Z"));
    CellRules with_time;
    with_time.date_format = "%d.%m.%Y %H:%M";
    CHECK(seconds(CellParser(with_time), "05.01.2024 10:30") == seconds(CellParser{}, "2024-01-05T10:30:00Z"));
    CellRules bad;
    bad.date_format = "%d/%m";
    CHECK_THROWS_AS(CellParser(bad), InvalidInput);
    bad.date_format = "%Y-%b-%d";
    CHECK_THROWS_AS(CellParser(bad), InvalidInput);
}

TEST_CASE("unit and order names", "[cells]") {
    CHECK(parse_time_unit("") == TimeUnit::none);
    CHECK(parse_time_unit("ms") == TimeUnit::milliseconds);
    CHECK(parse_time_unit("nanoseconds") == TimeUnit::nanoseconds);
    CHECK(to_string(TimeUnit::microseconds) == "us");
    CHECK(units_per_second(TimeUnit::milliseconds) == 1000);
    CHECK(units_per_second(TimeUnit::none) == 0);
    CHECK_THROWS_AS(parse_time_unit("hours"), InvalidInput);
    CHECK(parse_date_order("dmy") == DateOrder::day_first);
    CHECK(to_string(DateOrder::month_first) == "month-first");
    CHECK_THROWS_AS(parse_date_order("ymd"), InvalidInput);
}

TEST_CASE("one table of column names for every reader", "[cells]") {
    auto customer = [](std::string_view h) { return canonical_column(h, RecordType::customers); };
    auto interaction = [](std::string_view h) { return canonical_column(h, RecordType::interactions); };
    CHECK(customer("姓名") == "display_name");
    CHECK(customer("手机") == "phone");
    CHECK(customer("手机号") == "phone");
    CHECK(customer("邮箱") == "email");
    CHECK(customer("\xEF\xBB\xBF" "E-Mail ") == "email");  // byte-order mark, case, dash, space
    CHECK(customer("Mobile 2") == "phone2");
    CHECK(customer("email_3_label") == "email3_label");
    CHECK(customer("address2_city") == "address2_city");
    CHECK(customer("address2") == "street2");  // the street's second line
    CHECK(customer("consent_sms_at") == "consent_sms_at");
    CHECK(customer("customer_id") == "external_id");
    CHECK(customer("dob") == "birthday");
    CHECK(customer("email20240101").empty());  // group numbers stop at 999
    CHECK(customer("vip_level").empty());
    CHECK(interaction("customer_id") == "customer_id");
    CHECK(interaction("时间") == "occurred_at");
    CHECK(interaction("timestamp") == "occurred_at");
    CHECK(interaction("金额") == "amount");
    CHECK(interaction("phone").empty());
}

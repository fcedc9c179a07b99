#include <catch2/catch.hpp>

#include "clientele/clientele.hpp"

using namespace clientele;

TEST_CASE("phones in every common Chinese format become one E.164 number", "[normalize]") {
    for (const char* p : {"13812345678", "138-1234-5678", "138 1234 5678", "+86 138 1234 5678", "0086 13812345678",
                          "+86-138-1234-5678", "(+86) 13812345678", "１３８１２３４５６７８"}) {
        INFO(p);
        CHECK(normalize_phone(p, "CN") == "+8613812345678");
    }
    CHECK(normalize_phone("+852 6123 4567", "CN") == "+85261234567");
    CHECK(normalize_phone("(415) 555-2671", "US") == "+14155552671");
    CHECK(normalize_phone("020 7946 0958", "GB") == "+442079460958");
}

TEST_CASE("impossible phone numbers are rejected with the field", "[normalize]") {
    for (const char* p : {"12345", "abc", "", "+999 1234567", "138123456789012345"}) {
        INFO(p);
        try {
            normalize_phone(p, "CN", "phones[0].number");
            FAIL("accepted");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "phones[0].number");
        }
    }
    CHECK(is_known_region("CN"));
    CHECK_FALSE(is_known_region("XX"));
}

TEST_CASE("emails are trimmed and case-folded, bad ones rejected", "[normalize]") {
    CHECK(normalize_email("  Zhang.Wei@Example.COM ") == "zhang.wei@example.com");
    CHECK(normalize_email("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "zhang@example.com");
    for (const char* e : {"", "no-at.example.com", "a@b", "a@@b.com", "a b@c.com", "@b.com", "a@.com", "a..b@c.com"}) {
        INFO(e);
        CHECK_THROWS_AS(normalize_email(e), InvalidInput);
    }
}

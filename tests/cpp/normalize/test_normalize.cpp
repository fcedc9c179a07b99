#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

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

TEST_CASE("the common-number shortcut agrees with libphonenumber", "[normalize]") {
    // normalize_phone answers these without libphonenumber; the same numbers with a
    // character the shortcut does not take ('/') go through libphonenumber.
    std::mt19937 rng(7);
    const char* formats[] = {"%s", "+86 %s", "0086%s", "+86-%s", "%.3s-%.4s-%.4s", "+86 %.3s %.4s %.4s"};
    for (int k = 0; k < 400; ++k) {
        char mobile[12];
        std::snprintf(mobile, sizeof mobile, "1%c%09u", static_cast<char>('3' + rng() % 7), static_cast<unsigned>(rng() % 1000000000));
        std::string m(mobile);
        for (const char* f : formats) {
            char typed[64];
            if (std::string(f).find("%.3s") != std::string::npos)
                std::snprintf(typed, sizeof typed, f, m.c_str(), m.c_str() + 3, m.c_str() + 7);
            else
                std::snprintf(typed, sizeof typed, f, m.c_str());
            std::string slow = normalize_phone(std::string("/") + typed, "CN");  // not the shortcut
            INFO(typed);
            CHECK(normalize_phone(typed, "CN") == slow);
            CHECK(slow == "+86" + m);
        }
    }
    // Dialled from abroad with the international prefix instead of '+'.
    CHECK(normalize_phone("011 86 138 1234 5678", "US") == normalize_phone("/011 86 138 1234 5678", "US"));
    CHECK(normalize_phone("011 86 138 1234 5678", "US") == "+8613812345678");
    // Outside CN, a bare 11-digit number is not taken as Chinese.
    CHECK(normalize_phone("+86 13812345678", "US") == "+8613812345678");
    CHECK(normalize_phone("13812345678", "US") != "+8613812345678");
}

TEST_CASE("the North American shortcut agrees with libphonenumber", "[normalize]") {
    std::mt19937 rng(11);
    for (int k = 0; k < 400; ++k) {
        unsigned area = 200 + rng() % 800, exchange = 200 + rng() % 800, line = rng() % 10000;
        char digits[16];
        std::snprintf(digits, sizeof digits, "%03u%03u%04u", area, exchange, line);
        std::string d(digits);
        for (std::string typed : {"+1 " + d, "+1 (" + d.substr(0, 3) + ") " + d.substr(3, 3) + "-" + d.substr(6),
                                  "(" + d.substr(0, 3) + ") " + d.substr(3, 3) + "-" + d.substr(6), "1-" + d, d}) {
            INFO(typed);
            std::string slow = normalize_phone("/" + typed, "US");  // '/' keeps it off the shortcut
            CHECK(normalize_phone(typed, "US") == slow);
            CHECK(slow == "+1" + d);
        }
        // From China, with China's international prefix (00) for the '+'.
        for (std::string typed : {"001 " + d, "001-" + d.substr(0, 3) + "-" + d.substr(3, 3) + "-" + d.substr(6), "001" + d}) {
            INFO(typed);
            std::string slow = normalize_phone("/" + typed, "CN");
            CHECK(normalize_phone(typed, "CN") == slow);
            CHECK(slow == "+1" + d);
        }
    }
}

#include <catch2/catch.hpp>

#include "clientele/clientele.hpp"
#include "json/json.hpp"
#include "text/utf8.hpp"

using namespace clientele;

// What an error says is shown to people and handed to every language binding: it must be
// valid UTF-8 whatever bytes the input held, and free of the JSON parser's class names.

TEST_CASE("error messages escape bytes that are not UTF-8", "[error]") {
    const Error e(ErrorCode::not_found, "no customer 'ab\xff\xc3(cd'");
    CHECK(std::string(e.what()) == "no customer 'ab\\xFF\\xC3(cd'");
    const InvalidInput i("na\xffme", "'\xe4\xbd' is cut short", "file\xfe.csv", 3);
    CHECK(text::is_valid_utf8(i.what()));
    CHECK(i.field() == "na\\xFFme");
    CHECK(i.reason() == "'\\xE4\\xBD' is cut short");
    CHECK(i.source() == "file\\xFE.csv");
    // Valid text, Chinese included, is left exactly as it was.
    CHECK(std::string(Error(ErrorCode::conflict, "张伟 ☎ changed").what()) == "张伟 ☎ changed");
}

TEST_CASE("a JSON syntax error reads as a sentence with its place", "[error][json]") {
    auto message_of = [](std::string_view text) {
        try {
            parse_json(text, "customer_json");
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        FAIL("no error for " << text);
        return std::string();
    };
    const auto bad_byte = message_of("{\"given_name\": \"Wei\xff\"}");
    CHECK(text::is_valid_utf8(bad_byte));
    CHECK(bad_byte.find("\\xFF") != std::string::npos);
    const auto syntax = message_of("{\"given_name\": tru}");
    CHECK(syntax.starts_with("customer_json: not valid JSON: invalid literal"));
    CHECK(syntax.ends_with("(line 1, column 19)"));
    CHECK(message_of("[1e999]") == "customer_json: not valid JSON: number overflow parsing '1e999'");
    for (const auto& m : {bad_byte, syntax, message_of(""), message_of("{\"a\":")}) {
        CHECK(m.find("json.exception") == std::string::npos);
        CHECK(m.find("parse_error") == std::string::npos);
        CHECK(m.find("syntax error while parsing") == std::string::npos);
    }
}

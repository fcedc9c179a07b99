#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "clientele/error.hpp"
#include "vanishing_stream.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"

using namespace clientele;
using Rows = std::vector<std::vector<std::string>>;

namespace {

Rows read_all(const std::string& text, csv::Options options = {}, csv::Encoding* detected = nullptr) {
    std::istringstream in(text);
    csv::Reader r(in, "t.csv", options);
    Rows rows;
    while (r.next()) {
        std::vector<std::string> row;
        for (std::size_t i = 0; i < r.size(); ++i) row.emplace_back(r[i]);
        rows.push_back(std::move(row));
    }
    if (detected) *detected = r.encoding();
    return rows;
}

// The error a bad input raises: its row (line) and field.
InvalidInput error_of(const std::string& text, csv::Options options = {}) {
    try {
        read_all(text, options);
    } catch (const InvalidInput& e) {
        return e;
    }
    FAIL("no error for: " << text);
    throw;
}

std::string quote(const std::string& f) {
    if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
    std::string out = "\"";
    for (char c : f) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Forced to GB18030 by the caller (`forced`: even when the text looks otherwise).
csv::Options gb18030(bool forced = false) {
    csv::Options o;
    o.encoding = csv::Encoding::gb18030;
    o.force_encoding = forced;
    return o;
}

}  // namespace

TEST_CASE("csv reads RFC 4180 quoting, line ends and a BOM", "[csv]") {
    const std::string text =
        "\xEF\xBB\xBFname,note,city\r\n"
        "\"Li, Wei\",\"said \"\"hi\"\"\nand left\",北京\r\n"
        "plain,,\n"
        "\n"
        "last,\"\",x";
    csv::Encoding enc{};
    const auto rows = read_all(text, {}, &enc);
    CHECK(enc == csv::Encoding::utf8);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == std::vector<std::string>{"name", "note", "city"});
    CHECK(rows[1] == std::vector<std::string>{"Li, Wei", "said \"hi\"\nand left", "北京"});
    CHECK(rows[2] == std::vector<std::string>{"plain", "", ""});
    CHECK(rows[3] == std::vector<std::string>{"last", "", "x"});
}

TEST_CASE("csv reports the line each record starts on", "[csv]") {
    std::istringstream in("a,b\n\"multi\nline\",c\n\nd,e\n");
    csv::Reader r(in, "t.csv");
    std::vector<std::uint64_t> lines;
    while (r.next()) lines.push_back(r.line());
    CHECK(lines == std::vector<std::uint64_t>{1, 2, 5});
}

TEST_CASE("csv with another delimiter and a trailing empty field", "[csv]") {
    csv::Options o;
    o.delimiter = ';';
    CHECK(read_all("a;b;\n1;\"x;y\";z\n", o) == Rows{{"a", "b", ""}, {"1", "x;y", "z"}});
}

TEST_CASE("csv round-trips random records across chunk boundaries", "[csv]") {
    std::mt19937 rng(42);
    const std::vector<std::string> pieces{"a", "bc", ",", "\"", "\n", "\r\n", "张", "三", " ", "x y", "é"};
    Rows expected;
    std::string text;
    // Several MiB so records straddle the 1 MiB buffer and force refills and growth.
    while (text.size() < (std::size_t{3} << 20)) {
        std::vector<std::string> row;
        const int n = 1 + static_cast<int>(rng() % 6);
        for (int k = 0; k < n; ++k) {
            std::string f;
            const int len = static_cast<int>(rng() % 8);
            for (int j = 0; j < len; ++j) f += pieces[rng() % pieces.size()];
            row.push_back(f);
        }
        if (rng() % 5000 == 0) row.push_back(std::string(300000, 'L'));  // one long field
        if (row.size() == 1 && row[0].empty()) row[0] = "e";              // not a blank line
        for (std::size_t k = 0; k < row.size(); ++k) text += (k ? "," : "") + quote(row[k]);
        text += (rng() % 2) ? "\r\n" : "\n";
        expected.push_back(std::move(row));
    }
    CHECK(read_all(text) == expected);
}

TEST_CASE("csv detects GB18030 and decodes it to UTF-8", "[csv]") {
    // "姓名,城市\n张三,北京\n" as Excel in China saves it.
    const std::string gb = "\xD0\xD5\xC3\xFB,\xB3\xC7\xCA\xD0\n\xD5\xC5\xC8\xFD,\xB1\xB1\xBE\xA9\n";
    csv::Encoding enc{};
    CHECK(read_all(gb, {}, &enc) == Rows{{"姓名", "城市"}, {"张三", "北京"}});
    CHECK(enc == csv::Encoding::gb18030);
    csv::Options o;
    o.encoding = csv::Encoding::gb18030;
    CHECK(read_all(gb, o) == Rows{{"姓名", "城市"}, {"张三", "北京"}});
}

TEST_CASE("csv: a GB18030 file read as UTF-8 is an error naming line and column", "[csv]") {
    csv::Options o;
    o.encoding = csv::Encoding::utf8;
    const auto e = error_of("name,city\nok,ok\n\xD5\xC5\xC8\xFD,x\n", o);
    CHECK(e.row() == 3);
    CHECK(e.field() == "column 1");
    CHECK(e.source() == "t.csv");
    CHECK_THAT(e.reason(), Catch::Contains("invalid UTF-8"));
}

TEST_CASE("csv: invalid UTF-8 after the detection block is an error, not replaced", "[csv]") {
    std::string text = "a,b\n";
    for (int i = 0; i < 20000; ++i) text += "name" + std::to_string(i) + ",x\n";  // > 64 KiB of ASCII
    text += "ok,bad\xC3(\n";
    const auto e = error_of(text);
    CHECK(e.row() == 20002);
    CHECK(e.field() == "column 2");
}

TEST_CASE("csv: bytes invalid in GB18030 too are an error naming the line", "[csv]") {
    csv::Options o;
    o.encoding = csv::Encoding::gb18030;
    const auto e = error_of("a,b\n\xD5\xC5,x\ny,\xFF\n", o);
    CHECK(e.row() == 3);
    CHECK_THAT(e.reason(), Catch::Contains("GB18030"));
}

TEST_CASE("csv: malformed quoting names line and column", "[csv]") {
    auto e = error_of("a,b\n1,\"never closed\n2,3\n");
    CHECK(e.row() == 2);
    CHECK(e.field() == "column 2");
    CHECK_THAT(e.reason(), Catch::Contains("unbalanced quote"));
    e = error_of("a,b\n1,\"x\"y\n");
    CHECK(e.row() == 2);
    CHECK(e.field() == "column 2");
    e = error_of("a,b\n\n\nx,ab\"c\n");
    CHECK(e.row() == 4);
    CHECK(e.field() == "column 2");
}

TEST_CASE("csv: a field over the limit is an error", "[csv]") {
    csv::Options o;
    o.max_field_bytes = 1000;
    auto e = error_of("a,b\nx," + std::string(5000, 'y') + "\n", o);
    CHECK(e.row() == 2);
    CHECK(e.field() == "column 2");
    e = error_of("a,b\nx,\"" + std::string(3u << 20, 'y'), o);  // never closed, bigger than a buffer
    CHECK(e.row() == 2);
    CHECK(read_all("a\n" + std::string(1000, 'z') + "\n", o).size() == 2);
}

TEST_CASE("csv: empty input and UTF-16 input", "[csv]") {
    CHECK(read_all("").empty());
    CHECK(read_all("\xEF\xBB\xBF").empty());
    CHECK(read_all("\n\r\n").empty());
    CHECK_THAT(error_of("\xFF\xFEn\0a").reason(), Catch::Contains("UTF-16"));
}

TEST_CASE("csv: encoding names", "[csv]") {
    CHECK(csv::parse_encoding("UTF-8") == csv::Encoding::utf8);
    CHECK(csv::parse_encoding("gbk") == csv::Encoding::gb18030);
    CHECK(csv::parse_encoding("auto") == csv::Encoding::automatic);
    CHECK_THROWS_AS(csv::parse_encoding("latin1"), InvalidInput);
}

TEST_CASE("csv: a file that cannot be opened is the caller's InvalidInput naming it", "[csv]") {
    // docs/cli.md: a missing input file exits 3 (it was a StorageError, exit 7).
    try {
        csv::Reader::open("/nonexistent/dir/x.csv");
        FAIL("opened");
    } catch (const InvalidInput& e) {
        CHECK(e.source() == "/nonexistent/dir/x.csv");
        CHECK_THAT(e.reason(), Catch::Contains("No such file"));
    }
}

TEST_CASE("csv: a read error mid-file is an error, not a short file", "[csv]") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "row" + std::to_string(i) + ",x\n";
    clt_test::VanishingBuf sb(text, 200000);
    std::istream in(&sb);
    csv::Reader r(in, "gone.csv");
    try {
        while (r.next()) {}
        FAIL("read to the end");
    } catch (const InvalidInput& e) {
        CHECK(e.source() == "gone.csv");
        CHECK_THAT(e.reason(), Catch::Contains("read error"));
    }
}

TEST_CASE("line reader: JSON Lines with CRLF, blank lines and line numbers", "[csv]") {
    std::istringstream in("{\"a\":1}\r\n\n  \n{\"b\":\"张\"}");
    csv::LineReader r(in, "t.jsonl");
    REQUIRE(r.next());
    CHECK(r.text() == "{\"a\":1}");
    CHECK(r.line() == 1);
    REQUIRE(r.next());
    CHECK(r.text() == "{\"b\":\"张\"}");
    CHECK(r.line() == 4);
    CHECK_FALSE(r.next());

    std::istringstream bad("{}\n{\"a\":\"\xC3\"}\n");
    csv::Options o;
    o.encoding = csv::Encoding::utf8;
    csv::LineReader r2(bad, "b.jsonl", o);
    REQUIRE(r2.next());
    try {
        r2.next();
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.row() == 2);
    }
}

// ---- input that is not what it claims, output a spreadsheet would run (docs/limits.md) ----

TEST_CASE("csv: a NUL byte in a cell is refused naming the line and column", "[csv][limits]") {
    const auto e = error_of(std::string("a,b\nx,y\nok,bad\0cell\n", 21));
    CHECK(e.source() == "t.csv");
    CHECK(e.row() == 3);
    CHECK(e.field() == "column 2");
    CHECK_THAT(e.reason(), Catch::Contains("NUL"));
    // In GB18030 too (0x00 is a valid GB18030 byte).
    CHECK(error_of(std::string("a\n\0\n", 4), gb18030()).row() == 2);
}

TEST_CASE("csv: valid UTF-8 text forced to GB18030 is refused unless forced", "[csv][limits]") {
    const std::string utf8 = "name,city\n张伟,北京\n";
    const auto e = error_of(utf8, gb18030());
    CHECK_THAT(e.reason(), Catch::Contains("UTF-8") && Catch::Contains("mojibake"));
    // A BOM says UTF-8 whatever the bytes after it.
    CHECK_THAT(error_of("\xEF\xBB\xBF" "a\nb\n", gb18030()).reason(), Catch::Contains("byte order mark"));
    // Forced, it is read as asked (that is mojibake, by request).
    const auto rows = read_all(utf8, gb18030(true));
    CHECK(rows[1][0] != "张伟");
    // ASCII is the same in both: nothing to refuse.
    CHECK(read_all("a,b\n1,2\n", gb18030()) == std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}});
    // Real GB18030 ("张三" as Excel in China saves it) is not valid UTF-8: read as asked.
    CHECK(read_all("n\n\xD5\xC5\xC8\xFD\n", gb18030())[1][0] == "张三");
}

TEST_CASE("csv: bytes invalid in GB18030 name the line and the column", "[csv][limits]") {
    const auto e = error_of("a,b,c\n\xD5\xC5,x,y\n\"q,\"\"\",z,\xFF\n", gb18030());
    CHECK(e.row() == 3);
    CHECK(e.field() == "column 3");  // the quoted comma and the doubled quote are not separators
    CHECK_THAT(e.reason(), Catch::Contains("GB18030"));
}

TEST_CASE("csv writer: cells a spreadsheet would run get a quote, and read back unchanged", "[csv][limits]") {
    const std::vector<std::string> values{
        "=HYPERLINK(\"http://evil\",\"x\")", "+86 138 0013 8000", "-2+3", "@SUM(A1)", "\tx", "\r=1",
        "'=already", "''@x", "plain", "", "'quoted text", "-12.50", "+3", "-", "=", "a=b", "张伟"};
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) text += ',';
        csv::append_field(text, values[i]);
    }
    text += '\n';
    for (const char* guarded : {"'=HYPERLINK", "'+86", "'-2+3", "'@SUM", "\"'\r=1\"", "'''@x", "''=already"})
        CHECK_THAT(text, Catch::Contains(guarded));
    CHECK_THAT(text, Catch::Contains(",-12.50,+3,"));
    CHECK(read_all(text) == std::vector<std::vector<std::string>>{values});
    // Without the guard the cells are written as they are.
    std::string raw;
    csv::append_field(raw, "=1+1", ',', false);
    CHECK(raw == "=1+1");
    CHECK_FALSE(csv::needs_formula_guard("-12"));
    CHECK(csv::needs_formula_guard("-12e3"));
}

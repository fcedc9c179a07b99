// db.reports(): the HTML report's structure, its numbers against the analytics' own, escaping,
// role and owner filtering, bad input, and the one safe way its file is written.
#include <catch2/catch.hpp>

#include "report/svg.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::buy;
using clt_test::date;
using clt_test::TempDir;

namespace {

constexpr const char* kHostile = "<script>alert(\"x\")</script> & 'Co'";

/// A small store: li.na owns L1, L2, L3 (L3 never bought), tom owns T1 and H1, whose name
/// is markup; L1 buys in both periods, so it is a returning buyer of May.
void fill(const std::filesystem::path& path) {
    auto db = clt_test::make_store(path);
    clt_test::create_owned(db, {{"L1", "li.na"}, {"L2", "li.na"}, {"L3", "li.na"}, {"T1", "tom"}});
    auto h = clt_test::person("", kHostile, "h@example.com", "+8613800138000");
    h.external_id = "H1";
    h.owner = "tom";
    db.customers().create(h);
    buy(db, "L1", "2024-03-10T10:00:00Z", 4000);
    buy(db, "L1", "2024-04-20T10:00:00Z", 5000);
    buy(db, "L1", "2024-05-20T10:00:00Z", 10000);
    buy(db, "L1", "2024-05-21T10:00:00Z", 2500, InteractionKind::refund);
    buy(db, "L2", "2024-05-02T10:00:00Z", 1000);
    buy(db, "T1", "2024-04-15T00:00:00Z", 3000);
    buy(db, "H1", "2024-05-15T00:00:00Z", 900000);
}

ReportOptions may(const char* lang = "en") {
    ReportOptions o;
    o.as_of = date("2024-05-31");
    o.from = date("2024-05-01");
    o.lang = lang;
    return o;
}

std::string section(const std::string& html, const std::string& id) {
    auto at = html.find("<section id=\"" + id + "\">");
    REQUIRE(at != std::string::npos);
    return html.substr(at, html.find("</section>", at) - at);
}

/// A table row's exact cells: its heading then each number.
std::string row(const std::string& head, std::initializer_list<std::string> cells) {
    std::string s = "<th scope=\"row\">" + head + "</th>";
    for (const auto& c : cells) s += "<td>" + c + "</td>";
    return s;
}

}  // namespace

TEST_CASE("report: every section, the analytics' own numbers, no network", "[report]") {
    TempDir dir;
    fill(dir / "a.db");
    Database db(dir / "a.db");
    auto html = db.reports().html(may());
    for (auto id : {"headline", "rfm", "segments", "tiers", "lifecycle", "transitions", "monthly", "cohorts", "top",
                    "quality"})
        CHECK_THAT(html, Catch::Contains(std::string("<section id=\"") + id + "\">"));
    CHECK_THAT(html, Catch::Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                     "style-src 'unsafe-inline'; img-src data:\">"));
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);

    // Headline: May against April, counted by the analytics core.
    auto nvr = db.analytics().new_vs_returning(date("2024-05-01"), date("2024-05-31"));
    auto buyers = nvr.recurrence.new_customers + nvr.recurrence.returning_customers;
    CHECK(buyers == 3);
    auto head = section(html, "headline");
    CHECK_THAT(head, Catch::Contains(row("Customers", {"5", "", ""})));
    CHECK_THAT(head, Catch::Contains(row("Active buyers", {"3", "2", "+50.0%"})));
    // May: 100.00 + 10.00 + 9000.00 - 25.00; April: 50.00 + 30.00.
    CHECK_THAT(head, Catch::Contains(row("Revenue", {"9,085.00", "80.00", "+11256.2%"})));
    CHECK_THAT(head, Catch::Contains(row("Orders", {"3", "2", "+50.0%"})));

    // Lifecycle funnel and segments equal db.analytics()'s.
    LifecycleOptions lo;
    lo.as_of = date("2024-05-31");
    auto counts = db.analytics().lifecycle(lo).stages.counts();
    auto funnel = section(html, "lifecycle");
    for (std::size_t i = 0; i < kLifecycleStages; ++i)
        CHECK_THAT(funnel, Catch::Contains("<th scope=\"row\">" + std::string(to_string(static_cast<LifecycleStage>(i))) +
                                           "</th><td>" + std::to_string(counts[i]) + "</td>"));
    RfmOptions ro;
    ro.as_of = date("2024-05-31");
    auto rfm = db.analytics().rfm(ro);
    std::map<std::string, std::int64_t> per_segment;
    for (std::size_t i = 0; i < rfm.scores.size(); ++i) ++per_segment[std::string(rfm.scores.segment_name(i))];
    auto segments = section(html, "segments");
    for (const auto& [name, n] : per_segment)
        if (!name.empty())
            CHECK_THAT(segments, Catch::Contains("<th scope=\"row\">" + name + "</th><td>" + std::to_string(n) + "</td>"));
    auto transitions = db.analytics().stage_transitions(date("2024-05-01"), lo);
    auto matrix = section(html, "transitions");
    std::string prospects = "<th scope=\"row\">prospect</th>";
    for (auto n : transitions[0]) prospects += "<td>" + std::to_string(n) + "</td>";
    CHECK_THAT(matrix, Catch::Contains(prospects));

    // Top customers: the largest first, its name shown as text, never as markup.
    auto top = section(html, "top");
    CHECK_THAT(top, Catch::Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"));
    CHECK(html.find("<script>") == std::string::npos);
    CHECK_THAT(top, Catch::Contains("<td>9,000.00</td>"));

    // Data quality: four of five have neither phone nor email; none verified.
    CHECK_THAT(section(html, "quality"), Catch::Contains(row("Without a phone", {"4", "80.0%"})));

    // Without names, the public references stand in.
    auto o = may();
    o.show_names = false;
    auto anonymous = section(db.reports().html(o), "top");
    CHECK(anonymous.find("&lt;script") == std::string::npos);
    CHECK_THAT(anonymous, Catch::Contains("<th scope=\"row\">1</th><td class=\"t\">H1</td>"));

    // Chinese: the same sections with Chinese words and 万 / 亿.
    auto zh = db.reports().html(may("zh-CN"));
    CHECK_THAT(zh, Catch::Contains("<html lang=\"zh-CN\">"));
    CHECK_THAT(zh, Catch::Contains("核心指标"));
}

TEST_CASE("report: a salesperson's covers only their customers; owner narrows further", "[report]") {
    TempDir dir;
    fill(dir / "a.db");
    {
        Database li(dir / "a.db", {.user = "li.na"});
        auto html = li.reports().html(may());
        CHECK_THAT(section(html, "headline"), Catch::Contains(row("Customers", {"3", "", ""})));
        CHECK_THAT(section(html, "headline"), Catch::Contains(row("Active buyers", {"2", "1", "+100.0%"})));
        CHECK(html.find("script") == std::string::npos);  // tom's customer is not in it at all
        CHECK(html.find("9,000.00") == std::string::npos);
    }
    Database admin(dir / "a.db");
    auto o = may();
    o.owner = "tom";
    auto html = admin.reports().html(o);
    CHECK_THAT(section(html, "headline"), Catch::Contains(row("Customers", {"2", "", ""})));
    CHECK(section(html, "top").find("165.00") == std::string::npos);  // L1's, li.na's customer
    CHECK_THAT(section(admin.reports().html(may()), "top"), Catch::Contains("<td>165.00</td>"));
    // The narrowing ends with the report: the analytics see everyone again.
    CHECK(admin.analytics().lifecycle(LifecycleOptions{.as_of = date("2024-05-31")}).customer.size() == 5);
    // A manager asking for a user outside the team gets nothing of theirs.
    Database mia(dir / "a.db", {.user = "mia"});
    CHECK_THAT(section(mia.reports().html(o), "headline"), Catch::Contains(row("Customers", {"0", "", ""})));
}

TEST_CASE("report: bad input is refused and nothing is written", "[report]") {
    TempDir dir;
    fill(dir / "a.db");
    Database db(dir / "a.db");
    auto field_of = [&](const ReportOptions& o) {
        try {
            db.reports().write_html(dir / "r.html", o);
        } catch (const InvalidInput& e) {
            return std::string(e.field());
        }
        return std::string("(none)");
    };
    auto o = may();
    o.lang = "fr";
    CHECK(field_of(o) == "lang");
    o = may();
    o.from = date("2024-06-01");
    CHECK(field_of(o) == "from");
    o = may();
    o.owner = "nobody";
    CHECK(field_of(o) == "owner");
    o = may();
    o.top_customers = 0;
    CHECK(field_of(o) == "top_customers");
    CHECK_FALSE(std::filesystem::exists(dir / "r.html"));

    auto before = clt_test::read_file(dir / "a.db");
    CHECK_THROWS_AS(db.reports().write_html(dir / "a.db", may()), InvalidInput);
    CHECK_THROWS_AS(db.reports().write_html(dir / "a.db-wal", may()), InvalidInput);
    CHECK(clt_test::read_file(dir / "a.db") == before);
    CHECK_THROWS_AS(db.reports().write_html(dir / "missing" / "r.html", may()), StorageError);
    CHECK_FALSE(std::filesystem::exists(dir / "missing"));

    db.reports().write_html(dir / "r.html", may());
    CHECK(clt_test::read_file(dir / "r.html") == db.reports().html(may()));
}

TEST_CASE("report: numbers per language, escaping", "[report]") {
    using report::compact_number;
    using report::Lang;
    CHECK(compact_number(12345, Lang::zh_cn) == "1.2万");
    CHECK(compact_number(340000000, Lang::zh_cn) == "3.4亿");
    CHECK(compact_number(9999, Lang::zh_cn) == "9,999");
    CHECK(compact_number(12345, Lang::en) == "12.3k");
    CHECK(compact_number(4500000, Lang::en) == "4.5M");
    CHECK(compact_number(-12345, Lang::en) == "-12.3k");
    CHECK(compact_number(12.5, Lang::en, 2) == "12.5");
    CHECK(report::grouped(-1234567) == "-1,234,567");
    CHECK(report::grouped(INT64_MIN) == "-9,223,372,036,854,775,808");
    CHECK(report::escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

namespace {

/// Surveys, a breached complaint and a loyalty program on fill()'s store: L1 (li.na's) and
/// T1 (tom's) answered surveys in April and May, T1 complained on 2024-05-12 and nobody
/// answered; L1 earned 15,000 points on 2024-04-10 (lapsing 2024-06-10) and spent 100, T1
/// earned 300 on 2024-05-10 (lapsing 2024-07-10); levels were given on 2024-05-31 (H1 金卡,
/// the others 普通).
void add_service_and_loyalty(Database& db) {
    clt_test::survey(db, "L1", "2024-04-15T10:00:00Z", 5, 10);
    clt_test::survey(db, "T1", "2024-05-10T10:00:00Z", 2, 3);
    CaseOpening complaint;
    complaint.customer = "T1";
    complaint.type = CaseType::complaint;
    complaint.subject = "late delivery";
    complaint.at = parse_timestamp("2024-05-12T02:00:00Z");
    db.cases().open(complaint);
    db.loyalty().set_rules(R"({"expiry": {"months": 2}, "levels": {"basis": "spend", "tiers": [)"
                           R"({"name": "普通", "min": 0}, {"name": "金卡", "min": 500000}]}})");
    auto points = [&](const char* customer, PointsKind kind, std::int64_t n, const char* when) {
        PointsEntry e;
        e.kind = kind;
        e.points = n;
        e.at = parse_timestamp(when);
        db.points().record(customer, e);
    };
    points("L1", PointsKind::earn, 15000, "2024-04-10T00:00:00Z");
    points("L1", PointsKind::redeem, -100, "2024-05-01T00:00:00Z");
    points("T1", PointsKind::earn, 300, "2024-05-10T00:00:00Z");
    db.loyalty().evaluate_levels(parse_timestamp("2024-05-31T12:00:00Z"));
}

}  // namespace

TEST_CASE("report: service and loyalty sections only with data, the service report's numbers, roles", "[report]") {
    TempDir dir;
    fill(dir / "a.db");
    {
        Database db(dir / "a.db");
        auto html = db.reports().html(may());
        CHECK(html.find("<section id=\"service\">") == std::string::npos);
        CHECK(html.find("<section id=\"loyalty\">") == std::string::npos);
        CHECK_THAT(html, Catch::Contains("no surveys or cases in these months"));
        CHECK_THAT(html, Catch::Contains("no loyalty data"));
        add_service_and_loyalty(db);
    }
    Database db(dir / "a.db");
    auto html = db.reports().html(may());
    CHECK(html.find("Not included") == std::string::npos);
    auto service = section(html, "service");
    // Twelve months up to May 2024, the empty ones as dashes; NPS and CSAT by month as the
    // service report counts them, the complaint past its deadline.
    CHECK_THAT(service, Catch::Contains(row("2023-06", {"0", "—", "—", "—", "0", "—", "—", "—"})));
    CHECK_THAT(service, Catch::Contains(row("2024-04", {"1", "100.0", "5.00", "100.0", "0", "—", "—", "—"})));
    CHECK_THAT(service, Catch::Contains(row("2024-05", {"1", "-100.0", "2.00", "0.0", "1", "—", "—", "100.0%"})));
    CHECK_THAT(service, Catch::Contains(row("All months", {"2", "0.0", "3.50", "50.0", "1", "—", "—", "100.0%"})));
    CHECK_THAT(service, Catch::Contains("<title>NPS and CSAT satisfied (4–5, %)</title><desc>2023-06 – 2024-05</desc>"));
    auto loyalty = section(html, "loyalty");
    CHECK_THAT(loyalty, Catch::Contains(row("普通", {"4", "80.0%", "15,200"}) + "</tr><tr>" +
                                        row("金卡", {"1", "20.0%", "0"})));
    CHECK_THAT(loyalty, Catch::Contains(row("Points outstanding", {"15,200"})));
    CHECK_THAT(loyalty, Catch::Contains(row("Customers with points", {"2"})));
    CHECK_THAT(loyalty, Catch::Contains(row("Expiring within 30 days", {"14,900"})));
    CHECK_THAT(loyalty, Catch::Contains(row("Expiring within 90 days", {"15,200"})));
    CHECK_THAT(loyalty, Catch::Contains(">15.2k</text>"));
    CHECK_THAT(section(db.reports().html(may("zh-CN")), "loyalty"), Catch::Contains(">1.5万</text>"));

    // The day before the levels were given, nobody had one; the points were there.
    auto before = may();
    before.as_of = date("2024-05-30");
    CHECK_THAT(section(db.reports().html(before), "loyalty"), Catch::Contains(row("No level", {"5", "100.0%", "15,200"})));

    // li.na sees her customers' survey and points only: no May survey, no complaint, no 金卡.
    Database li(dir / "a.db", {.user = "li.na"});
    auto hers = li.reports().html(may());
    CHECK_THAT(section(hers, "service"), Catch::Contains(row("2024-05", {"0", "—", "—", "—", "0", "—", "—", "—"})));
    CHECK_THAT(section(hers, "service"), Catch::Contains(row("All months", {"1", "100.0", "5.00", "100.0", "0", "—", "—", "—"})));
    CHECK_THAT(section(hers, "loyalty"), Catch::Contains(row("普通", {"3", "100.0%", "14,900"})));
    CHECK(section(hers, "loyalty").find("金卡") == std::string::npos);
    CHECK_THAT(section(hers, "loyalty"), Catch::Contains(row("Expiring within 90 days", {"14,900"})));
    // tom, with no survey in the twelve months before 2023-05 and no points then: both left out.
    auto old = may();
    old.as_of = date("2023-05-31");
    old.from = date("2023-05-01");
    auto early = db.reports().html(old);
    CHECK(early.find("<section id=\"service\">") == std::string::npos);
    CHECK(early.find("<section id=\"loyalty\">") == std::string::npos);
}

TEST_CASE("report: line chart — gaps for missing values, negative axis, shapes told apart", "[report]") {
    const double gap = std::numeric_limits<double>::quiet_NaN();
    auto svg = report::line_chart("NPS", "by month", {"a", "b", "c", "d"}, {{"NPS", {50, gap, -20, 10}}},
                                  report::Lang::en);
    auto count = [&](const std::string& what) {
        std::size_t n = 0;
        for (auto at = svg.find(what); at != std::string::npos; at = svg.find(what, at + 1)) ++n;
        return n;
    };
    CHECK(count("fill=\"none\"") == 2);  // the legend's line and c–d; a alone draws no line
    CHECK(count("<circle") == 4);        // a, c, d and the legend
    CHECK_THAT(svg, Catch::Contains(">-20</text>"));
    CHECK_THAT(svg, Catch::Contains(">60</text>"));
    CHECK_THAT(svg, Catch::StartsWith("<svg viewBox=") && Catch::Contains("<title>NPS</title><desc>by month</desc>"));
}

// The loyalty program (docs/loyalty.md): the rule set and its validation, earning on
// recorded and imported purchases, refunds, lots spent oldest first, expiry runs, past
// balances, back-dated redemptions, membership levels and voids.
#include <catch2/catch.hpp>

#include <sstream>

#include "clientele/clientele.hpp"
#include "store/schema.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

// 1 point per yuan (rounded down), 金卡 ×2, tag vip ×3, 双11 ×2, birthday month ×1.5,
// lots expire 12 months on, levels by 12-month spend reviewed each 1 January.
const char* kRules = R"({
  "earn": {"currency": "CNY", "points_per_unit": 1, "rounding": "floor"},
  "multipliers": {"levels": {"金卡": 2}, "tags": {"vip": 3}},
  "campaigns": [{"name": "双11", "from": "2026-11-10", "to": "2026-11-11", "multiplier": 2}],
  "birthday_month": {"multiplier": 1.5},
  "expiry": {"months": 12},
  "levels": {"basis": "spend", "window_months": 12, "review": "01-01",
             "tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 100000}, {"name": "金卡", "min": 500000}]}
})";

PointsEntry entry(PointsKind kind, std::int64_t points, const char* at) {
    PointsEntry e;
    e.kind = kind;
    e.points = points;
    e.at = parse_timestamp(at);
    return e;
}

struct LoyaltyStore {
    TempDir dir;
    std::filesystem::path path = dir / "l.db";
    Database db = clt_test::make_store(path);

    LoyaltyStore() {
        for (const char* ext : {"C1", "C2", "C3"}) {
            auto c = clt_test::person("王", ext);
            c.external_id = ext;
            c.birthday = parse_date("1990-09-04");
            db.customers().create(c);
        }
    }

    Interaction purchase(const char* customer, std::int64_t fen, const char* at, const char* external_id = "",
                         InteractionKind kind = InteractionKind::purchase, const char* custom = "{}") {
        Interaction i;
        i.customer_external_id = customer;
        i.kind = kind;
        i.amount_minor = fen;
        i.occurred_at = parse_timestamp(at);
        i.external_id = external_id;
        i.custom = JsonObject::parse(custom);
        return db.interactions().add(i);
    }

    std::string rules_field(const std::string& text) {
        try {
            db.loyalty().set_rules(text);
        } catch (const InvalidInput& e) {
            return e.field();
        }
        return "<accepted>";
    }
};

}  // namespace

TEST_CASE_METHOD(LoyaltyStore, "a rule set is validated whole, naming the field, and nothing is written on error",
                 "[loyalty][rules]") {
    CHECK(db.loyalty().rules() == "{}");
    db.loyalty().set_rules(kRules);
    const auto stored = db.loyalty().rules();
    CHECK(stored.find("双11") != std::string::npos);
    CHECK(rules_field("{\"earn\": ") != "<accepted>");  // does not parse
    CHECK(rules_field(R"({"earn": {"points_per_unit": -1}})") == "earn.points_per_unit");
    CHECK(rules_field(R"({"multipliers": {"levels": {"金卡": -2}}})") == "multipliers.levels.金卡");
    CHECK(rules_field(R"({"campaigns": [{"from": "2026-11-01", "to": "2026-11-11", "multiplier": 2},
                                       {"from": "2026-11-11", "to": "2026-11-12", "multiplier": 3}]})") == "campaigns[1].from");
    CHECK(rules_field(R"({"campaigns": [{"from": "2026-11-31", "to": "2026-12-01", "multiplier": 2}]})") == "campaigns[0].from");
    CHECK(rules_field(R"({"expiry": {"months": 0}})") == "expiry.months");
    CHECK(rules_field(R"({"levels": {"tiers": [{"name": "a", "min": 5}]}})") == "levels.tiers[0].min");
    CHECK(rules_field(R"({"earn": {"points_per_unit": 1}, "bonus": 1})") == "bonus");
    CHECK(rules_field(R"({"multipliers": {"levels": {"铂金": 2}}, "levels": {"tiers": [{"name": "a", "min": 0}]}})") ==
          "multipliers.levels.铂金");
    CHECK(db.loyalty().rules() == stored);
    // Only admins and managers set the rules.
    Database sales(path, {.user = "li.na"});
    CHECK_THROWS_AS(sales.loyalty().set_rules("{}"), PermissionDenied);
    db.loyalty().set_rules("{}");
    CHECK(db.loyalty().rules() == "{}");
}

TEST_CASE_METHOD(LoyaltyStore, "without rules a purchase earns nothing", "[loyalty][earn]") {
    purchase("C1", 12345, "2026-03-01T10:00:00Z");
    CHECK(db.points().balance("C1") == 0);
}

TEST_CASE_METHOD(LoyaltyStore, "purchases earn by the rules: rounding, level, tag, campaign and birthday multipliers",
                 "[loyalty][earn]") {
    db.loyalty().set_rules(kRules);
    purchase("C1", 12399, "2026-03-01T10:00:00Z");  // 123.99 yuan -> 123
    CHECK(db.points().balance("C1") == 123);
    auto earned = db.points().history("C1");
    REQUIRE(earned.size() == 1);
    CHECK(earned[0].kind == PointsKind::earn);
    CHECK(earned[0].reference.starts_with("interaction:"));
    REQUIRE(earned[0].expires_at);
    CHECK(format_timestamp(*earned[0].expires_at) == "2027-03-01T10:00:00Z");

    db.customers().add_tags("C2", std::vector<std::string>{"vip"});
    purchase("C2", 10000, "2026-03-01T10:00:00Z");  // 100 yuan × 3
    CHECK(db.points().balance("C2") == 300);
    purchase("C2", 10000, "2026-11-10T10:00:00Z");  // × 3 × 2 (双11)
    CHECK(db.points().balance("C2") == 900);
    purchase("C3", 10000, "2026-09-20T10:00:00Z");  // birthday month × 1.5
    CHECK(db.points().balance("C3") == 150);
    purchase("C3", 10000, "2026-03-20T10:00:00Z", "", InteractionKind::purchase);
    CHECK(db.points().balance("C3") == 250);
    // Another currency earns nothing.
    Interaction usd;
    usd.customer_external_id = "C3";
    usd.kind = InteractionKind::purchase;
    usd.amount_minor = 10000;
    usd.currency = "USD";
    usd.occurred_at = parse_timestamp("2026-03-21");
    db.interactions().add(usd);
    CHECK(db.points().balance("C3") == 250);
}

TEST_CASE_METHOD(LoyaltyStore, "a refund takes back its purchase's points, never below zero, keeping the shortfall",
                 "[loyalty][earn][refund]") {
    db.loyalty().set_rules(kRules);
    purchase("C1", 20000, "2026-03-01T10:00:00Z", "P1");
    CHECK(db.points().balance("C1") == 200);
    purchase("C1", 5000, "2026-03-02T10:00:00Z", "R1", InteractionKind::refund, R"({"purchase": "P1"})");
    CHECK(db.points().balance("C1") == 150);  // a quarter of the purchase back: 50 points
    db.points().record("C1", entry(PointsKind::redeem, -140, "2026-03-03T00:00:00Z"));
    CHECK(db.points().balance("C1") == 10);
    // The rest of the purchase is refunded: 150 points to take back, 10 there.
    purchase("C1", 15000, "2026-03-04T10:00:00Z", "R2", InteractionKind::refund, R"({"purchase": "P1"})");
    CHECK(db.points().balance("C1") == 0);
    CHECK(clt_test::query_rows(path, "SELECT points FROM loyalty_shortfalls") == std::vector<std::string>{"140"});
    // A refund naming no purchase takes back the base points of its amount.
    purchase("C2", 30000, "2026-03-01T10:00:00Z");
    purchase("C2", 10000, "2026-03-05T10:00:00Z", "", InteractionKind::refund);
    CHECK(db.points().balance("C2") == 200);
}

TEST_CASE_METHOD(LoyaltyStore, "importing the same purchases twice earns once", "[loyalty][earn][import]") {
    db.loyalty().set_rules(kRules);
    const std::string csv =
        "external_id,customer_id,timestamp,amount,kind\n"
        "O1,C1,2026-03-01T10:00:00Z,100.00,purchase\n"
        "O2,C1,2026-03-02T10:00:00Z,50.50,purchase\n"
        "O3,C2,2026-03-02T10:00:00Z,10.00,purchase\n"
        "O4,C2,2026-03-03T10:00:00Z,,call\n";
    for (int round = 0; round < 2; ++round) {
        std::istringstream in(csv);
        const auto report = db.importer().interactions(in, "orders.csv", {});
        REQUIRE(report.committed);
        CHECK(report.created == (round == 0 ? 4 : 0));
        CHECK(db.points().balance("C1") == 150);
        CHECK(db.points().balance("C2") == 10);
    }
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM customer_points") == std::vector<std::string>{"3"});
}

TEST_CASE_METHOD(LoyaltyStore, "lots are spent oldest first, expire by an idempotent run, past balances are exact",
                 "[loyalty][lots][expiry]") {
    db.loyalty().set_rules(R"({"expiry": {"months": 12}})");
    const auto first = db.points().record("C1", entry(PointsKind::earn, 100, "2025-01-10T00:00:00Z"));
    const auto second = db.points().record("C1", entry(PointsKind::earn, 50, "2025-03-10T00:00:00Z"));
    db.points().record("C1", entry(PointsKind::redeem, -120, "2025-04-01T00:00:00Z"));
    auto lots = db.loyalty().lots("C1");
    REQUIRE(lots.size() == 2);
    CHECK(lots[0].entry_id == first.id);
    CHECK(lots[0].remaining == 0);
    CHECK(lots[1].entry_id == second.id);
    CHECK(lots[1].remaining == 30);
    REQUIRE(lots[1].expires_at);
    CHECK(format_timestamp(*lots[1].expires_at) == "2026-03-10T00:00:00Z");
    // As of before the redemption both lots were whole.
    lots = db.loyalty().lots("C1", parse_timestamp("2025-03-31"));
    CHECK(lots[0].remaining == 100);
    CHECK(lots[1].remaining == 50);

    // The first lot is spent: nothing expires in February; the second's 30 do in March.
    auto report = db.loyalty().expire_due(parse_timestamp("2026-02-01"));
    CHECK(report.entries == 0);
    report = db.loyalty().expire_due(parse_timestamp("2026-06-01"));
    CHECK(report.customers == 1);
    CHECK(report.entries == 1);
    CHECK(report.points == 30);
    CHECK(db.points().balance("C1") == 0);
    report = db.loyalty().expire_due(parse_timestamp("2026-06-01"));
    CHECK(report.entries == 0);  // idempotent
    // The expiry is dated when the lot expired, so every past balance is exact.
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2025-03-31")) == 150);
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2025-04-01")) == 30);
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2026-03-09")) == 30);
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2026-03-10")) == 0);
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2024-01-01")) == 0);
    const auto expired = db.points().history("C1", {.kind = PointsKind::expire});
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].reference == "lot:" + std::to_string(second.id));
    CHECK(format_timestamp(*expired[0].at) == "2026-03-10T00:00:00Z");
}

TEST_CASE_METHOD(LoyaltyStore, "year-end expiry lapses lots on the 1 January after", "[loyalty][expiry]") {
    db.loyalty().set_rules(R"({"expiry": {"year_end": true}})");
    db.points().record("C1", entry(PointsKind::earn, 10, "2025-05-10T00:00:00Z"));
    auto lots = db.loyalty().lots("C1");
    REQUIRE(lots.size() == 1);
    CHECK(format_timestamp(*lots[0].expires_at) == "2026-01-01T00:00:00Z");
    CHECK(db.loyalty().expire_due(parse_timestamp("2025-12-31T23:59:59Z")).entries == 0);
    CHECK(db.loyalty().expire_due(parse_timestamp("2026-01-01")).points == 10);
}

TEST_CASE_METHOD(LoyaltyStore, "a back-dated redemption is checked against the balance at its date and after",
                 "[loyalty][backdate]") {
    db.points().record("C1", entry(PointsKind::earn, 100, "2025-01-01T00:00:00Z"));
    db.points().record("C1", entry(PointsKind::redeem, -80, "2025-03-01T00:00:00Z"));
    db.points().record("C1", entry(PointsKind::earn, 100, "2025-04-01T00:00:00Z"));  // today's balance: 120
    // Before the earn there was nothing.
    CHECK_THROWS_AS(db.points().record("C1", entry(PointsKind::redeem, -10, "2024-12-01T00:00:00Z")), InvalidInput);
    // On 1 Feb there were 100, but taking 50 then leaves March at -30.
    try {
        db.points().record("C1", entry(PointsKind::redeem, -50, "2025-02-01T00:00:00Z"));
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "points");
        CHECK(std::string(e.what()).find("at most 20") != std::string::npos);
    }
    CHECK(db.points().history("C1").size() == 3);
    db.points().record("C1", entry(PointsKind::redeem, -20, "2025-02-01T00:00:00Z"));
    CHECK(db.points().balance("C1") == 100);
    CHECK(db.loyalty().balance_at("C1", parse_timestamp("2025-03-01")) == 0);
}

TEST_CASE_METHOD(LoyaltyStore, "levels follow the rolling spend: upgrades at once, downgrades at the review date",
                 "[loyalty][levels]") {
    CHECK_THROWS_AS(db.loyalty().evaluate_levels(parse_timestamp("2026-06-01")), InvalidInput);  // no levels yet
    db.loyalty().set_rules(kRules);
    purchase("C1", 600000, "2026-02-01T10:00:00Z");  // 6000 yuan: 金卡
    purchase("C2", 150000, "2026-02-01T10:00:00Z");  // 1500 yuan: 银卡
    auto changes = db.loyalty().evaluate_levels(parse_timestamp("2026-06-01"));
    REQUIRE(changes.size() == 3);  // C3 gets 普通
    CHECK(db.customers().get("C1").membership_level == "金卡");
    CHECK(db.customers().get("C2").membership_level == "银卡");
    CHECK(db.customers().get("C3").membership_level == "普通");
    CHECK(db.loyalty().evaluate_levels(parse_timestamp("2026-06-01")).empty());  // idempotent
    // C3 spends 1200 yuan: up at once.
    purchase("C3", 120000, "2026-07-01T10:00:00Z");
    changes = db.loyalty().evaluate_levels(parse_timestamp("2026-07-02"));
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].from == "普通");
    CHECK(changes[0].to == "银卡");
    CHECK(changes[0].basis_value == 120000);
    // A 金卡 customer earns double.
    purchase("C1", 10000, "2026-07-05T10:00:00Z");
    CHECK(db.points().history("C1", {.limit = 1})[0].points == 200);
    // By 2027-03 C1's and C2's February spend is out of the window, and the 2027-01-01 review
    // came after their last change (2026-06-01): they go down.
    changes = db.loyalty().evaluate_levels(parse_timestamp("2027-03-01"));
    CHECK(db.customers().get("C2").membership_level == "普通");
    CHECK(db.customers().get("C1").membership_level == "普通");  // 100 yuan in the window
    CHECK(db.customers().get("C3").membership_level == "银卡");   // July 2026 is in the window
    // C3's July 2026 spend leaves the window by 2027-08; its last change (2026-07-02)
    // precedes the 2027-01-01 review: down.
    db.loyalty().evaluate_levels(parse_timestamp("2027-08-01"));
    CHECK(db.customers().get("C3").membership_level == "普通");
    const auto history = db.loyalty().level_history("C3");
    REQUIRE(history.size() == 3);
    CHECK(history[0].to == "普通");
    CHECK(history[1].to == "银卡");
    CHECK(history[2].to == "普通");
}

TEST_CASE_METHOD(LoyaltyStore, "a downgrade waits for the review date after the last change", "[loyalty][levels]") {
    db.loyalty().set_rules(kRules);
    purchase("C1", 150000, "2026-01-15T10:00:00Z");
    db.loyalty().evaluate_levels(parse_timestamp("2026-01-20"));  // 银卡, after the 2026-01-01 review
    CHECK(db.customers().get("C1").membership_level == "银卡");
    db.loyalty().evaluate_levels(parse_timestamp("2026-12-31"));
    CHECK(db.customers().get("C1").membership_level == "银卡");  // still in the window
    purchase("C2", 150000, "2026-01-15T10:00:00Z");
    db.loyalty().evaluate_levels(parse_timestamp("2026-01-20"));
    // 2027-01-16: C2's spend left the window on 2027-01-15, the last review (2027-01-01) was
    // after its last change (2026-01-20): down.
    db.loyalty().evaluate_levels(parse_timestamp("2027-01-16"));
    CHECK(db.customers().get("C2").membership_level == "普通");
    // An upgrade made after the review is not undone before the next review.
    purchase("C3", 150000, "2026-12-20T10:00:00Z");
    db.loyalty().evaluate_levels(parse_timestamp("2027-01-05"));
    CHECK(db.customers().get("C3").membership_level == "银卡");
    db.loyalty().evaluate_levels(parse_timestamp("2027-12-25"));  // out of the window, no review since
    CHECK(db.customers().get("C3").membership_level == "银卡");
    db.loyalty().evaluate_levels(parse_timestamp("2028-01-02"));
    CHECK(db.customers().get("C3").membership_level == "普通");
}

TEST_CASE_METHOD(LoyaltyStore, "a void cancels an entry once, explainably", "[loyalty][void]") {
    const auto earned = db.points().record("C1", entry(PointsKind::earn, 100, "2025-01-01T00:00:00Z"));
    const auto redeemed = db.points().record("C1", entry(PointsKind::redeem, -30, "2025-02-01T00:00:00Z"));
    // Voiding the earn would leave -30: refused.
    CHECK_THROWS_AS(db.loyalty().void_entry(earned.id, "wrong customer"), InvalidInput);
    const auto v = db.loyalty().void_entry(redeemed.id, "keyed twice");
    CHECK(v.voids == redeemed.id);
    CHECK(v.points == 30);
    CHECK(v.reason == "keyed twice");
    CHECK(db.points().balance("C1") == 100);
    auto field_of = [&](std::int64_t id) {
        try {
            db.loyalty().void_entry(id, "");
        } catch (const InvalidInput& e) {
            return e.field();
        }
        return std::string("<accepted>");
    };
    CHECK(field_of(redeemed.id) == "entry");  // voided already
    CHECK(field_of(v.id) == "entry");         // a void of a void
    CHECK_THROWS_AS(db.loyalty().void_entry(999999, ""), NotFound);
    CHECK(db.points().history("C1").size() == 3);
    // The voided redemption no longer spends the lot.
    CHECK(db.loyalty().lots("C1")[0].remaining == 100);
    // A sales user who does not own the customer does not find the entry.
    Database tom(path, {.user = "tom"});
    CHECK_THROWS_AS(tom.loyalty().void_entry(earned.id, ""), NotFound);
}

TEST_CASE("a version 8 file gets the loyalty tables and keeps its ledger", "[loyalty][migrate]") {
    TempDir dir;
    const auto path = dir / "v8.db";
    {
        Database db(path, {.create = true});
        auto c = clt_test::person("王", "芳");
        c.external_id = "W1";
        db.customers().create(c);
        PointsEntry e;
        e.kind = PointsKind::earn;
        e.points = 7;
        db.points().record("W1", e);
    }
    clt_test::exec_raw(path, std::string(clt_test::kUndoSchemaAfterV8) + "PRAGMA user_version = 8;");
    Database db(path);
    CHECK(db.stats().schema_version == store::kSchemaVersion);
    CHECK(db.points().balance("W1") == 7);
    CHECK(db.loyalty().lots("W1").size() == 1);
    CHECK(db.loyalty().rules() == "{}");
}

TEST_CASE_METHOD(LoyaltyStore, "merge and unmerge keep lots, their expiry and the level history exact",
                 "[loyalty][merge]") {
    db.loyalty().set_rules(kRules);
    purchase("C1", 10000, "2025-01-10T00:00:00Z");  // 100, expiring 2026-01-10
    purchase("C2", 5000, "2025-03-10T00:00:00Z");   // 50, expiring 2026-03-10
    db.loyalty().evaluate_levels(parse_timestamp("2025-04-01"));
    const auto c2_lots = db.loyalty().lots("C2");
    const auto c2_history = db.loyalty().level_history("C2");
    const std::vector<std::string> ids{"C1", "C2"};
    db.merges().merge("C1", ids);
    auto lots = db.loyalty().lots("C1");
    REQUIRE(lots.size() == 2);
    CHECK(lots[0].points == 100);
    CHECK(lots[1].points == 50);
    CHECK(format_timestamp(*lots[1].expires_at) == "2026-03-10T00:00:00Z");
    // The survivor spends oldest first across both customers' lots.
    db.points().record("C1", entry(PointsKind::redeem, -120, "2025-04-02T00:00:00Z"));
    lots = db.loyalty().lots("C1");
    CHECK(lots[0].remaining == 0);
    CHECK(lots[1].remaining == 30);
    db.points().record("C1", entry(PointsKind::adjust, 120, "2025-04-03T00:00:00Z"));  // so the merge undoes
    db.merges().unmerge("C1");
    const auto back = db.loyalty().lots("C2");
    REQUIRE(back.size() == 1);
    CHECK(back[0].entry_id == c2_lots[0].entry_id);
    CHECK(back[0].remaining == 50);
    CHECK(back[0].expires_at == c2_lots[0].expires_at);
    const auto history = db.loyalty().level_history("C2");
    REQUIRE(history.size() == c2_history.size());
    CHECK(history[0].to == c2_history[0].to);
}

TEST_CASE_METHOD(LoyaltyStore, "a level change is a change of the customer: its version moves and it is audited",
                 "[loyalty][levels]") {
    db.loyalty().set_rules(kRules);
    purchase("C1", 600000, "2026-02-01T10:00:00Z");
    const auto before = db.customers().get("C1");
    db.loyalty().evaluate_levels(parse_timestamp("2026-06-01"));
    const auto after = db.customers().get("C1");
    CHECK(after.membership_level == "金卡");
    CHECK(after.version == before.version + 1);
    // An edit made from the record read before the evaluation is refused, not written over it.
    CHECK_THROWS_AS(db.customers().update("C1", R"({"display_name": "王二"})", before.version), Conflict);
    CHECK(db.customers().get("C1").membership_level == "金卡");
    const auto entries = db.audit().list({.customer = "C1", .action = "loyalty.level"});
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].detail.find("金卡") != std::string::npos);
    // Nothing changes on a second run: no version moves.
    db.loyalty().evaluate_levels(parse_timestamp("2026-06-01"));
    CHECK(db.customers().get("C1").version == after.version);
}

TEST_CASE_METHOD(LoyaltyStore, "export carries the balance read-only and stats the points liability",
                 "[loyalty][export][stats]") {
    // No birthday or level multipliers: the points do not depend on the month the test runs in.
    db.loyalty().set_rules(R"({"earn": {"currency": "CNY", "points_per_unit": 1, "rounding": "floor"},
                               "expiry": {"months": 12}})");
    const auto ago = [](int days) { return format_timestamp(now_utc() - std::chrono::days(days)); };
    purchase("C1", 10000, ago(360).c_str());  // 100 points, their 12 months end within 30 days
    purchase("C2", 5000, ago(30).c_str());    // 50 points, 11 months to go
    db.points().record("C1", entry(PointsKind::redeem, -30, ago(1).c_str()));  // from the oldest lot
    const auto s = db.stats();
    CHECK(s.points_outstanding == 120);
    CHECK(s.points_expiring_30d == 70);
    // A salesperson's stats count only their customers' points.
    db.customers().update("C2", R"({"owner": "li.na"})", db.customers().get("C2").version);
    Database sales(path, {.user = "li.na"});
    CHECK(sales.stats().points_outstanding == 50);
    CHECK(sales.stats().points_expiring_30d == 0);

    for (auto format : {FileFormat::csv, FileFormat::jsonl}) {
        INFO((format == FileFormat::csv ? "csv" : "jsonl"));
        std::ostringstream out;
        db.exporter().customers(out, {format});
        const auto text = out.str();
        if (format == FileFormat::csv) {
            CHECK(text.substr(0, text.find('\n')).find(",points_balance") != std::string::npos);
        } else {
            CHECK(text.find("\"points_balance\":70") != std::string::npos);
            CHECK(text.find("\"points_balance\":0") != std::string::npos);  // C3, no ledger
        }
        // Read back into a fresh store: the column is read past, not a custom field, and
        // no balance comes from the file.
        auto fresh = clt_test::make_store(dir / (std::string("fresh-") + (format == FileFormat::csv ? "c" : "j") + ".db"));
        ImportOptions o;
        o.format = format;
        std::istringstream in(text);
        const auto report = fresh.importer().customers(in, "export", o);
        REQUIRE(report.committed);
        CHECK(report.created == 3);
        const auto c1 = fresh.customers().get("C1");
        CHECK(c1.custom.text().find("points_balance") == std::string::npos);
        CHECK(fresh.points().balance("C1") == 0);
    }
    // In CSV the value sits under its header.
    std::ostringstream csv;
    db.exporter().customers(csv, {FileFormat::csv});
    std::istringstream lines(csv.str());
    std::string header, row;
    std::getline(lines, header);
    std::size_t column = 0;
    for (std::size_t k = 0; k < header.find("points_balance"); ++k) column += header[k] == ',';
    bool found = false;
    while (std::getline(lines, row)) {
        if (row.find("C1") == std::string::npos) continue;
        std::size_t at = 0;
        for (std::size_t k = 0; k < column; ++k) at = row.find(',', at) + 1;
        CHECK(row.substr(at, row.find(',', at) - at) == "70");
        found = true;
    }
    CHECK(found);
}

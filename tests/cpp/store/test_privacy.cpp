// Privacy requests (docs/privacy.md): anonymize, subject export, retention, consent for a
// marketing purpose.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every row of every table, as text: what the file holds for anyone who opens it.
std::string everything(const std::filesystem::path& db) { return clt_test::dump(db, true); }

Customer zhang(Database& db) {
    Customer c = clt_test::person("张", "伟", "zhang.wei@example.com", "13812345678");
    c.external_id = "Z1";
    c.job_title = "采购经理";
    c.birthday = parse_date("1988-04-12");
    c.addresses.push_back({"home", "南京西路 1266 号", "上海", "上海", "200040", "CN", true});
    c.notes = "喜欢晚上打电话";
    c.custom = to_json_object({{"wechat_id", "wxid_zhangwei88"}, {"shoe_size", 42}});
    c.consent[ConsentChannel::sms] = {ConsentStatus::granted, std::nullopt, "form"};
    c.source = "wechat";
    c.preferred_language = "zh-CN";
    return db.customers().create(c);
}

}  // namespace

TEST_CASE("anonymize wipes every copy of the person and keeps the pseudonymous record", "[privacy]") {
    TempDir dir;
    const auto path = dir / "a.db";
    auto db = clt_test::make_store(path);
    const auto z = zhang(db);
    Interaction buy;
    buy.customer_id = z.id;
    buy.kind = InteractionKind::purchase;
    buy.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
    buy.amount_minor = 129900;
    buy.subject = "送到南京西路 1266 号";
    buy.body = "张伟 13812345678";
    db.interactions().add(buy);
    // A second record of the same person, merged in: its row keeps the name it had.
    Customer twin = clt_test::person("张", "伟", "zw@home.cn");
    twin.external_id = "Z2";
    twin = db.customers().create(twin);
    const std::vector<std::string> ids{"Z2"};
    db.merges().merge("Z1", ids);

    const auto a = db.privacy().anonymize("Z1");
    CHECK(a.status == CustomerStatus::anonymized);
    CHECK(a.id == z.id);
    CHECK(a.display_name == "(anonymized)");
    CHECK(a.given_name.empty());
    CHECK(a.emails.empty());
    CHECK(a.phones.empty());
    CHECK(a.addresses.empty());
    CHECK_FALSE(a.birthday);
    CHECK(a.custom.empty());
    CHECK(a.consent.empty());
    CHECK(a.external_id.empty());
    // What analytics need stays.
    CHECK(a.source == "wechat");
    CHECK(a.preferred_language == "zh-CN");
    const auto bought = db.interactions().list({.customer = a.id.to_string()}).items;
    REQUIRE(bought.size() == 1);
    CHECK(bought[0].amount_minor == 129900);
    CHECK(bought[0].subject.empty());
    CHECK(bought[0].body.empty());
    // Its merges keep the fact, not the data, and cannot be undone.
    CHECK_THROWS_AS(db.merges().unmerge(a.id.to_string()), Conflict);

    const auto text = everything(path);
    for (const char* needle : {"张伟", "zhang.wei@example.com", "13812345678", "8613812345678", "南京西路", "wxid_zhangwei88",
                               "zw@home.cn", "采购经理", "喜欢晚上"}) {
        INFO(needle);
        CHECK(text.find(needle) == std::string::npos);
    }
    CHECK(db.customers().search("张伟").empty());
    CHECK(db.customers().find_by_phone("13812345678").empty());
}

TEST_CASE("anonymize keeps the custom fields the setting does not name", "[privacy]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    db.settings().set("personal_custom_fields", " wechat_id , ");
    CHECK(db.settings().get("personal_custom_fields") == "wechat_id");
    zhang(db);
    const auto a = db.privacy().anonymize("Z1");
    CHECK(a.custom.text() == R"({"shoe_size":42})");
}

TEST_CASE("privacy requests are an admin's", "[privacy][access]") {
    TempDir dir;
    const auto path = dir / "a.db";
    {
        auto db = clt_test::make_store(path);
        auto c = zhang(db);
        db.customers().update("Z1", R"({"owner":"li.na"})", c.version);
    }
    Database sales(path, {.user = "li.na"});
    CHECK_THROWS_AS(sales.privacy().anonymize("Z1"), PermissionDenied);
    CHECK_THROWS_AS(sales.privacy().subject_export("Z1", dir / "out"), PermissionDenied);
    CHECK_THROWS_AS(sales.privacy().apply_retention({.as_of = now_utc(), .prospect_days = 1, .dry_run = true}),
                    PermissionDenied);
    CHECK(sales.customers().get("Z1").given_name == "伟");
}

TEST_CASE("a subject export holds the profile, interactions, points and merges", "[privacy]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const auto z = zhang(db);
    Interaction call;
    call.customer_id = z.id;
    call.kind = InteractionKind::call;
    call.occurred_at = parse_timestamp("2024-05-01T08:00:00Z");
    call.subject = "回访";
    db.interactions().add(call);
    Customer other = clt_test::person("李", "娜", "li.na@example.com");
    const auto o = db.customers().create(other);
    Interaction not_hers;
    not_hers.customer_id = o.id;
    not_hers.kind = InteractionKind::call;
    not_hers.occurred_at = parse_timestamp("2024-05-02T08:00:00Z");
    not_hers.subject = "别人的电话";
    db.interactions().add(not_hers);
    db.points().record("Z1", {.kind = PointsKind::earn, .points = 50, .reason = "生日礼"});
    // What the care, service and loyalty features hold about her is hers too.
    const Date today{std::chrono::floor<std::chrono::days>(now_utc())};
    db.reminders().add({.customer = "Z1", .due_on = today, .reason = "回电话", .note = "她想要发票"});
    db.reminders().add({.customer = o.id.to_string(), .due_on = today, .reason = "别人的提醒"});
    CaseOpening complaint;
    complaint.customer = "Z1";
    complaint.subject = "快递太慢";
    complaint.at = parse_timestamp("2024-05-03T08:00:00Z");
    complaint.note = "客户很生气";
    db.cases().open(complaint);
    db.loyalty().set_rules(R"({"levels": {"basis": "points", "window_months": 12, "review": "01-01",
                                           "tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 40}]}})");
    db.loyalty().evaluate_levels(now_utc());

    const auto r = db.privacy().subject_export("Z1", dir / "request-1");
    CHECK(r.files.size() == 6);
    CHECK(r.interactions == 2);  // the call and the complaint the case recorded
    CHECK(r.points_entries == 1);
    CHECK(r.reminders == 1);
    CHECK(r.cases == 1);
    CHECK(r.level_changes == 1);
    const auto doc = nlohmann::json::parse(read_file(dir / "request-1" / "subject.json"));
    CHECK(doc["customer"]["given_name"] == "伟");
    CHECK(doc["interactions"].size() == 2);
    CHECK(doc["points"][0]["reason"] == "生日礼");
    const auto profile = read_file(dir / "request-1" / "profile.csv");
    CHECK(profile.find("zhang.wei@example.com") != std::string::npos);
    const auto calls = read_file(dir / "request-1" / "interactions.csv");
    CHECK(calls.find("回访") != std::string::npos);
    CHECK(calls.find("别人的电话") == std::string::npos);
    CHECK(read_file(dir / "request-1" / "points.csv").find("生日礼") != std::string::npos);
    CHECK(doc["points_lots"].size() == 1);
    CHECK(doc["levels"][0]["to"] == "银卡");
    CHECK(doc["reminders"][0]["note"] == "她想要发票");
    CHECK(doc["cases"][0]["subject"] == "快递太慢");
    const auto reminders = read_file(dir / "request-1" / "reminders.csv");
    CHECK(reminders.find("她想要发票") != std::string::npos);
    CHECK(reminders.find("别人的提醒") == std::string::npos);
    CHECK(read_file(dir / "request-1" / "cases.csv").find("客户很生气") != std::string::npos);
    // A second export into the same directory overwrites nothing.
    CHECK_THROWS_AS(db.privacy().subject_export("Z1", dir / "request-1"), Conflict);
}

TEST_CASE("retention lists, then deletes, only prospects untouched for too long", "[privacy][retention]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto add = [&](const char* ext, const char* created) {
        Customer c = clt_test::person("王", ext);
        c.external_id = ext;
        c.created_at = parse_timestamp(created);
        return db.customers().create(c);
    };
    add("OLD-PROSPECT", "2019-01-01T00:00:00Z");
    const auto buyer = add("OLD-BUYER", "2019-01-01T00:00:00Z");
    const auto called = add("CALLED", "2019-01-01T00:00:00Z");
    add("NEW", "2026-01-01T00:00:00Z");
    Interaction buy;
    buy.customer_id = buyer.id;
    buy.kind = InteractionKind::purchase;
    buy.occurred_at = parse_timestamp("2019-02-01T00:00:00Z");
    buy.amount_minor = 100;
    db.interactions().add(buy);
    Interaction call;
    call.customer_id = called.id;
    call.kind = InteractionKind::call;
    call.occurred_at = parse_timestamp("2026-06-01T00:00:00Z");
    db.interactions().add(call);
    // Every row above was written today, so its last change is today: only the rule's
    // notion of "untouched" (interactions, else updated_at) separates them. Age the rows.
    clt_test::exec_raw(dir / "a.db", "UPDATE customers SET updated_at = created_at");

    const auto as_of = parse_timestamp("2026-12-01T00:00:00Z");
    const auto dry = db.privacy().apply_retention({.as_of = as_of, .prospect_days = 3 * 365, .dry_run = true});
    REQUIRE(dry.customers.size() == 1);
    CHECK(dry.customers[0].external_id == "OLD-PROSPECT");
    CHECK(db.customers().count() == 4);
    const auto done = db.privacy().apply_retention({.as_of = as_of, .prospect_days = 3 * 365, .dry_run = false});
    CHECK(done.customers.size() == 1);
    CHECK(db.customers().count() == 3);
    CHECK_FALSE(db.customers().find("OLD-PROSPECT"));
    CHECK_THROWS_AS(db.privacy().apply_retention({.prospect_days = 1}), InvalidInput);
}

TEST_CASE("a marketing list and export hold only customers who granted the channel", "[privacy][consent]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    zhang(db);  // sms granted
    Customer denied = clt_test::person("李", "娜", "li@example.com", "13900000000");
    denied.external_id = "L1";
    denied.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, "form"};
    db.customers().create(denied);
    Customer silent = clt_test::person("王", "芳", "wang@example.com");
    silent.external_id = "W1";
    db.customers().create(silent);

    CustomerFilter sms;
    sms.consented = ConsentChannel::sms;
    const auto listed = db.customers().list(sms).items;
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].external_id == "Z1");
    CHECK(db.customers().count(sms) == 1);
    std::ostringstream csv;
    ExportOptions o;
    o.customers.consented = ConsentChannel::sms;
    CHECK(db.exporter().customers(csv, o) == 1);
    CHECK(csv.str().find("L1") == std::string::npos);
    CHECK(csv.str().find("W1") == std::string::npos);
    CustomerFilter email;
    email.consented = ConsentChannel::email;
    CHECK(db.customers().count(email) == 0);
}

TEST_CASE("anonymize wipes what people wrote about the person on reminders and cases", "[privacy][reminders][cases]") {
    TempDir dir;
    const auto path = dir / "a.db";
    auto db = clt_test::make_store(path);
    const auto z = zhang(db);
    FollowUp f;
    f.customer = "Z1";
    f.due_on = Date(std::chrono::floor<std::chrono::days>(now_utc()) + std::chrono::days(3));
    f.reason = "ask 张伟 about flat 1266";
    f.note = "wife 王芳 prefers evenings";
    const auto reminder = db.reminders().add(f);
    CaseOpening o;
    o.customer = "Z1";
    o.subject = "delivery late";
    o.note = "called from 13812345678, angry about 南京西路";
    const auto opened = db.cases().open(o);

    db.privacy().anonymize(z.id.to_string());
    const auto r = db.reminders().get(reminder.id);
    CHECK(r.note.empty());
    CHECK(r.reason.empty());
    for (const auto& e : db.cases().get(opened.id).history) CHECK(e.note.empty());
    db = Database(path);  // the WAL folded in
    const auto file = clt_test::dump(path, true);
    for (const char* secret : {"王芳 prefers", "flat 1266", "angry about", "delivery late"})
        CHECK(file.find(secret) == std::string::npos);
}

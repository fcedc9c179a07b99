// Care reminders (docs/reminders.md): each kind, 29 February, the lunar festivals through
// ICU, idempotent generation, done/snooze/dismiss, the consent-aware channel, roles, the
// rules and their bad input, and the migration from a version 8 file.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "support.hpp"

#include "json/record_keys.hpp"
#include "json/reminder_json.hpp"
#include "store/schema.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

Date d(const char* text) { return parse_date(text); }

Date today_plus(int days) {
    return from_days(std::chrono::floor<std::chrono::days>(now_utc()).time_since_epoch().count() + days);
}

struct ReminderStore {
    TempDir dir;
    std::filesystem::path path = dir / "r.db";
    Database db = clt_test::make_store(path);

    ReminderStore() {
        // Only the kind a test turns on: each test reads the reminders of one rule.
        ReminderRules none;
        none.birthday = none.anniversary = none.holidays = none.not_contacted = none.reverify = none.win_back = false;
        db.reminders().set_rules(none);
    }
    Customer add(const char* ext, const char* owner, std::optional<Date> birthday = {}) {
        auto c = clt_test::person("王", ext, std::string(ext) + "@example.com", "13812345678");
        c.external_id = ext;
        c.owner = owner;
        c.birthday = birthday;
        return db.customers().create(c);
    }
    void rules(void (*change)(ReminderRules&)) {
        auto r = db.reminders().rules();
        change(r);
        db.reminders().set_rules(r);
    }
    std::vector<Reminder> due(const char* as_of, int horizon = 7, std::string_view owner = {}) {
        return db.reminders().due(d(as_of), horizon, owner);
    }
};

std::vector<std::string> summary(const std::vector<Reminder>& list) {
    std::vector<std::string> out;
    for (const auto& r : list)
        out.push_back(r.customer + " " + std::string(to_string(r.kind)) + " " + r.occasion + " " + format_date(r.due_on));
    return out;
}

std::string refused_field(const std::function<void()>& f) {
    try {
        f();
    } catch (const InvalidInput& e) {
        return e.field();
    }
    return "<accepted>";
}

}  // namespace

TEST_CASE("the lunar festivals come from ICU's Chinese calendar", "[reminders]") {
    CHECK(format_date(holiday_date("spring_festival", 2024)) == "2024-02-10");
    CHECK(format_date(holiday_date("spring_festival", 2025)) == "2025-01-29");
    CHECK(format_date(holiday_date("spring_festival", 2026)) == "2026-02-17");
    CHECK(format_date(holiday_date("lantern", 2025)) == "2025-02-12");
    CHECK(format_date(holiday_date("dragon_boat", 2025)) == "2025-05-31");
    CHECK(format_date(holiday_date("qixi", 2025)) == "2025-08-29");
    CHECK(format_date(holiday_date("mid_autumn", 2025)) == "2025-10-06");
    CHECK(format_date(holiday_date("mid_autumn", 2026)) == "2026-09-25");
    CHECK(format_date(holiday_date("double_ninth", 2025)) == "2025-10-29");
    CHECK(format_date(holiday_date("christmas", 2031)) == "2031-12-25");
    CHECK(refused_field([] { holiday_date("diwali", 2025); }) == "holidays");
}

TEST_CASE_METHOD(ReminderStore, "a birthday on 29 February falls on 28 February or 1 March in common years",
                 "[reminders]") {
    rules([](ReminderRules& r) { r.birthday = true; });
    add("LEAP", "li.na", d("2000-02-29"));
    add("MAY", "li.na", d("1990-05-01"));
    CHECK(summary(due("2027-02-25")) == std::vector<std::string>{"LEAP birthday  2027-02-28"});
    CHECK(due("2027-02-25").front().reason == "birthday on 2027-02-28 (29 Feb, on 02-28 this year), turns 27");
    // Last year's greeting, never done, is not listed a year on (a week's grace).
    CHECK(summary(due("2028-02-25")) == std::vector<std::string>{"LEAP birthday  2028-02-29"});
    CHECK(summary(due("2028-03-06")) == std::vector<std::string>{"LEAP birthday  2028-02-29"});
    CHECK(due("2028-03-08").empty());
    rules([](ReminderRules& r) { r.leap_day = "mar1"; });
    CHECK(summary(due("2029-02-26")) == std::vector<std::string>{"LEAP birthday  2029-03-01"});
    CHECK(summary(due("2027-04-28", 7, "li.na")) == std::vector<std::string>{"MAY birthday  2027-05-01"});
}

TEST_CASE_METHOD(ReminderStore, "generating twice for the same day creates nothing new", "[reminders]") {
    rules([](ReminderRules& r) { r.birthday = r.holidays = r.reverify = true; });
    add("A", "li.na", d("1985-09-27"));
    auto c = clt_test::person("李", "B");
    c.external_id = "B";
    c.last_verified_at = parse_timestamp("2024-01-01T00:00:00Z");
    db.customers().create(c);
    // A's birthday; Mid-Autumn (09-25) and National Day (10-01) for both; B's re-verification.
    CHECK(db.reminders().generate(d("2026-09-24"), 7) == 6);
    CHECK(db.reminders().generate(d("2026-09-24"), 7) == 0);
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM reminders") == std::vector<std::string>{"6"});
    CHECK(due("2026-09-24").size() == 6);
    CHECK(due("2026-09-25").size() == 6);  // the next day: still nothing new
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM reminders") == std::vector<std::string>{"6"});
    const auto list = due("2026-09-24");
    const auto mid = std::find_if(list.begin(), list.end(), [](const Reminder& r) { return r.occasion == "mid_autumn"; });
    REQUIRE(mid != list.end());
    CHECK(mid->reason == "Mid-Autumn Festival (中秋节) on 2026-09-25");
}

TEST_CASE_METHOD(ReminderStore, "not contacted for N days, N by value tier", "[reminders]") {
    rules([](ReminderRules& r) {
        r.not_contacted = true;
        r.not_contacted_days = 30;
        r.not_contacted_days_by_tier = {{"low", 120}};
    });
    add("BIG", "li.na");
    add("SMALL", "li.na");
    clt_test::buy(db, "BIG", "2026-01-10T10:00:00Z", 900000);
    clt_test::buy(db, "SMALL", "2026-01-10T10:00:00Z", 1000);
    clt_test::buy(db, "SMALL", "2026-03-01T10:00:00Z", 1000, InteractionKind::call);
    // Of two customers BIG is the medium tier (the default 30 days after 2026-01-10), SMALL the
    // low tier (120 days after its call).
    CHECK(summary(due("2026-03-01")) == std::vector<std::string>{"BIG not_contacted  2026-02-09"});
    CHECK(summary(due("2026-06-26")) ==
          std::vector<std::string>{"BIG not_contacted  2026-02-09", "SMALL not_contacted  2026-06-29"});
    CHECK(due("2026-06-26").back().reason == "no contact since 2026-03-01 (limit 120 days)");
}

TEST_CASE_METHOD(ReminderStore, "contact details due for re-verification", "[reminders]") {
    rules([](ReminderRules& r) {
        r.reverify = true;
        r.reverify_days = 180;
    });
    auto c = clt_test::person("李", "V");
    c.external_id = "V";
    c.last_verified_at = parse_timestamp("2026-01-01T09:00:00Z");
    db.customers().create(c);
    CHECK(due("2026-06-01").empty());
    CHECK(summary(due("2026-06-25")) == std::vector<std::string>{"V reverify  2026-06-30"});
}

TEST_CASE_METHOD(ReminderStore, "win-back for customers entering at_risk or churned", "[reminders]") {
    rules([](ReminderRules& r) { r.win_back = true; });
    add("RISK", "li.na");
    add("GONE", "li.na");
    add("FRESH", "li.na");
    add("LONG_GONE", "li.na");
    clt_test::buy(db, "RISK", "2025-12-01T10:00:00Z", 100);   // at_risk from 2026-05-31
    clt_test::buy(db, "GONE", "2025-06-01T10:00:00Z", 100);   // churned from 2026-06-02
    clt_test::buy(db, "FRESH", "2026-05-01T10:00:00Z", 100);
    clt_test::buy(db, "LONG_GONE", "2020-01-01T10:00:00Z", 100);  // entered long ago: no reminder
    CHECK(summary(due("2026-06-10")) ==
          std::vector<std::string>{"RISK win_back at_risk 2026-05-31", "GONE win_back churned 2026-06-02"});
}

TEST_CASE_METHOD(ReminderStore, "first-purchase anniversaries", "[reminders]") {
    rules([](ReminderRules& r) { r.anniversary = true; });
    add("A", "li.na");
    clt_test::buy(db, "A", "2024-02-29T10:00:00Z", 100);
    clt_test::buy(db, "A", "2025-01-01T10:00:00Z", 100);
    CHECK(summary(due("2025-02-25")) == std::vector<std::string>{"A anniversary 1 2025-02-28"});
    CHECK(due("2025-02-25").front().reason == "1 year since the first purchase on 2024-02-29 (29 Feb, on 02-28 this year)");
}

TEST_CASE_METHOD(ReminderStore, "follow-ups by hand; done, snooze and dismiss", "[reminders]") {
    const auto c = add("F", "li.na");
    const auto when = today_plus(2);
    const auto r = db.reminders().add({"F", when, "call back about the quote", "wants blue"});
    CHECK(r.kind == ReminderKind::follow_up);
    CHECK(r.owner == "li.na");
    CHECK(r.created_by == "admin");
    const auto as_of = format_date(today_plus(0));
    REQUIRE(due(as_of.c_str()).size() == 1);
    CHECK(due(as_of.c_str(), 1).empty());  // due in 2 days, outside a 1-day horizon

    SECTION("snooze hides it until the day") {
        const auto s = db.reminders().snooze(r.id, today_plus(10));
        CHECK(s.status == ReminderStatus::snoozed);
        CHECK(s.snoozed_until == today_plus(10));
        CHECK(due(as_of.c_str()).empty());
        CHECK(due(as_of.c_str(), 10).size() == 1);
    }
    SECTION("done records the interaction in the same transaction") {
        Interaction call;
        call.kind = InteractionKind::call;
        call.channel = "phone";
        call.subject = "quote";
        const auto done = db.reminders().done(r.id, {call, "sent the quote"});
        CHECK(done.status == ReminderStatus::done);
        CHECK(done.note == "sent the quote");
        REQUIRE(done.interaction);
        const auto i = db.interactions().get(done.interaction->to_string());
        CHECK(i.customer_id == c.id);
        CHECK(i.kind == InteractionKind::call);
        CHECK(due(as_of.c_str()).empty());
        CHECK(refused_field([&] { db.reminders().done(r.id); }) == "status");
    }
    SECTION("a failing interaction leaves the reminder open and writes nothing") {
        Interaction bad;
        bad.kind = InteractionKind::call;
        bad.csat = 9;
        const auto before = clt_test::dump(path);
        CHECK(refused_field([&] { db.reminders().done(r.id, {bad, ""}); }) == "csat");
        CHECK(clt_test::dump(path) == before);
        CHECK(db.reminders().get(r.id).status == ReminderStatus::open);
    }
    SECTION("dismiss") {
        CHECK(db.reminders().dismiss(r.id, "bought elsewhere").status == ReminderStatus::dismissed);
        CHECK(due(as_of.c_str()).empty());
        CHECK(refused_field([&] { db.reminders().snooze(r.id, today_plus(3)); }) == "status");
    }
    SECTION("bad input names the field and writes nothing") {
        const auto before = clt_test::dump(path, true);
        CHECK(refused_field([&] { db.reminders().snooze(r.id, today_plus(-1)); }) == "until");
        CHECK(refused_field([&] { db.reminders().add({"F", today_plus(-3), "", ""}); }) == "due_on");
        CHECK_THROWS_AS(db.reminders().done(r.id + 1000), NotFound);
        CHECK_THROWS_AS(db.reminders().dismiss(-5), NotFound);
        CHECK_THROWS_AS(db.reminders().add({"NOBODY", today_plus(1), "", ""}), NotFound);
        CHECK(refused_field([&] { db.reminders().due(d("2026-01-01"), -1); }) == "horizon");
        CHECK(refused_field([&] { db.reminders().due(d("2026-01-01"), 7, "nobody"); }) == "owner");
        CHECK(clt_test::dump(path, true) == before);
    }
}

TEST_CASE_METHOD(ReminderStore, "the suggested channel respects consent", "[reminders]") {
    rules([](ReminderRules& r) {
        r.birthday = true;
        r.channels = {"wechat", "sms", "email"};
    });
    auto make = [&](const char* ext, bool phone, bool email) {
        auto c = clt_test::person("赵", ext, email ? std::string(ext) + "@example.com" : "", phone ? "13912345678" : "");
        c.external_id = ext;
        c.birthday = d("1990-03-10");
        return c;
    };
    auto denied = make("NO_SMS", true, true);
    denied.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, "call"};
    db.customers().create(denied);
    auto wechat = make("WECHAT", true, true);
    wechat.consent[ConsentChannel::wechat] = {ConsentStatus::granted, std::nullopt, "qr"};
    db.customers().create(wechat);
    auto phone_only = make("PHONE_ONLY", true, false);
    phone_only.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, ""};
    db.customers().create(phone_only);
    auto unasked = make("UNASKED", true, false);
    db.customers().create(unasked);
    std::map<std::string, std::string> channel;
    for (const auto& r : due("2026-03-08")) channel[r.customer] = r.channel;
    CHECK(channel == std::map<std::string, std::string>{
                         {"NO_SMS", "email"}, {"WECHAT", "wechat"}, {"PHONE_ONLY", ""}, {"UNASKED", "sms"}});
}

TEST_CASE_METHOD(ReminderStore, "a salesperson sees their own customers' reminders, a manager the team's",
                 "[reminders][access]") {
    rules([](ReminderRules& r) { r.birthday = true; });
    add("LI", "li.na", d("1990-07-01"));
    add("ZHOU", "zhou.jie", d("1990-07-02"));
    add("TOM", "tom", d("1990-07-03"));
    auto as = [&](const char* user) {
        Database other(path, {.user = user});
        std::vector<std::string> who;
        for (const auto& r : other.reminders().due(d("2026-06-30"), 7)) who.push_back(r.customer + "@" + r.owner);
        return who;
    };
    CHECK(as("li.na") == std::vector<std::string>{"LI@li.na"});
    CHECK(as("mia") == std::vector<std::string>{"LI@li.na", "ZHOU@zhou.jie"});
    CHECK(as("tom") == std::vector<std::string>{"TOM@tom"});
    CHECK(as("vic").size() == 3);  // a viewer reads what is stored
    CHECK(summary(due("2026-06-30", 7, "zhou.jie")) == std::vector<std::string>{"ZHOU birthday  2026-07-02"});
    // Another salesperson's reminder is not found, not forbidden.
    const auto zhou = due("2026-06-30", 7, "zhou.jie").front();
    Database li(path, {.user = "li.na"});
    CHECK_THROWS_AS(li.reminders().dismiss(zhou.id), NotFound);
    Database vic(path, {.user = "vic"});
    CHECK_THROWS_AS(vic.reminders().dismiss(zhou.id), PermissionDenied);
    CHECK_THROWS_AS(li.reminders().set_rules({}), PermissionDenied);
}

TEST_CASE_METHOD(ReminderStore, "rules are checked, stored and read back; bad rules write nothing", "[reminders]") {
    auto r = db.reminders().rules();
    r.not_contacted_days = 45;
    r.not_contacted_days_by_segment = {{"champions", 14}};
    r.holiday_list = {"mid_autumn", "spring_festival"};
    r.leap_day = "mar1";
    db.reminders().set_rules(r);
    const auto back = db.reminders().rules();
    CHECK(to_json_text(back) == to_json_text(r));
    CHECK(reminder_rules_from_json_text(to_json_text(r)).holiday_list == r.holiday_list);

    const auto before = clt_test::dump(path, true);
    auto bad = r;
    bad.not_contacted_days = -1;
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "not_contacted_days");
    bad = r;
    bad.not_contacted_days_by_tier = {{"high", -3}};
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "not_contacted_days_by_tier.high");
    bad = r;
    bad.not_contacted_days_by_tier = {{"gold", 3}};
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "not_contacted_days_by_tier.gold");
    bad = r;
    bad.reverify_days = -30;
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "reverify_days");
    bad = r;
    bad.holiday_list = {"diwali"};
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "holidays");
    bad = r;
    bad.leap_day = "feb29";
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "leap_day");
    bad = r;
    bad.channels = {"fax"};
    CHECK(refused_field([&] { db.reminders().set_rules(bad); }) == "channels");
    try {
        reminder_rules_from_json_text(R"({"not_contacted_days": 30,)");
        FAIL("text that does not parse was accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.source() == "rules");
    }
    CHECK(refused_field([] { reminder_rules_from_json_text(R"({"not_contacted_dayz": 30})"); }) == "not_contacted_dayz");
    CHECK(refused_field([] { reminder_rules_from_json_text(R"({"reverify_days": "soon"})"); }) == "reverify_days");
    CHECK(clt_test::dump(path, true) == before);
}

TEST_CASE("a version 8 file gains the reminder tables", "[reminders][migrate]") {
    TempDir dir;
    const auto path = dir / "v8.db";
    {
        auto db = clt_test::make_store(path);
        auto c = clt_test::person("王", "芳");
        c.external_id = "W";
        c.birthday = parse_date("1990-01-05");
        db.customers().create(c);
    }
    clt_test::exec_raw(path, CLT_TEST_UNDO_SCHEMA_AFTER_V8 "PRAGMA user_version = 8;");
    Database db(path);
    CHECK(db.stats().schema_version == store::kSchemaVersion);
    const auto list = db.reminders().due(parse_date("2027-01-01"), 7);
    REQUIRE(list.size() >= 2);  // the birthday and New Year's Day, at least
    CHECK(std::any_of(list.begin(), list.end(), [](const Reminder& r) { return r.kind == ReminderKind::birthday; }));
}

TEST_CASE("the reminder keys are what to_json writes", "[json][keys][reminders]") {
    Reminder r;
    r.id = 7;
    r.customer_id = *Uuid::parse("0b5e3f5c-8d1a-4c52-9a55-2f4f1a0b7c11");
    r.due_on = parse_date("2026-09-25");
    const auto j = to_json(r);
    std::set<std::string> written;
    for (auto it = j.begin(); it != j.end(); ++it) written.insert(it.key());
    const auto keys = reminder_json_keys();
    CHECK(written == std::set<std::string>(keys.begin(), keys.end()));
    CHECK(written.size() == keys.size());
}

TEST_CASE_METHOD(ReminderStore, "the due list generates once per user and day, again only after a change",
                 "[reminders]") {
    rules([](ReminderRules& r) { r.birthday = true; });
    add("A", "li.na", d("1985-09-27"));
    REQUIRE(due("2026-09-24").size() == 1);
    // Removed behind the library's back (no audit entry): the repeat call of the same day
    // does not generate again, so it lists nothing.
    clt_test::exec_raw(path, "DELETE FROM reminders");
    CHECK(due("2026-09-24").empty());
    // Another day, or another horizon, generates.
    CHECK(due("2026-09-25").size() == 1);
    clt_test::exec_raw(path, "DELETE FROM reminders");
    CHECK(due("2026-09-25", 8).size() == 1);
    // A change through the library (a new customer) makes the same call generate again.
    add("B", "li.na", d("1990-09-28"));
    CHECK(summary(due("2026-09-25", 8)) ==
          std::vector<std::string>{"A birthday  2026-09-27", "B birthday  2026-09-28"});
    // Each user keeps their own: li.na's first call generates for her customers.
    clt_test::exec_raw(path, "DELETE FROM reminders");
    OpenOptions as_li;
    as_li.user = "li.na";
    Database li(path, as_li);
    CHECK(li.reminders().due(d("2026-09-25"), 8).size() == 2);
    // generate() itself always reads the store afresh.
    clt_test::exec_raw(path, "DELETE FROM reminders");
    CHECK(db.reminders().generate(d("2026-09-25"), 8) == 2);
}

TEST_CASE_METHOD(ReminderStore, "merge moves the reminders to the survivor and unmerge puts them back",
                 "[reminders][merge]") {
    rules([](ReminderRules& r) { r.birthday = r.holidays = true; });
    add("A", "li.na", d("1985-09-27"));
    add("B", "li.na", d("1990-09-28"));
    const auto follow = db.reminders().add({"B", today_plus(1), "call back", ""});
    // Both have the Mid-Autumn greeting: the survivor's stays the one listed.
    CHECK(db.reminders().generate(d("2026-09-24"), 7) == 6);
    const auto rows = "SELECT id, customer_id, kind, occasion, status FROM reminders ORDER BY id";
    const auto before = clt_test::query_rows(path, rows);
    const std::vector<std::string> ids{"A", "B"};
    db.merges().merge("A", ids);
    // B's birthday and follow-up now are A's; B's copies of the holidays A has stay with B.
    std::multiset<std::string> kinds;
    for (const auto& r : due("2026-09-24", 7)) {
        CHECK(r.customer == "A");
        kinds.insert(std::string(to_string(r.kind)));
    }
    CHECK(kinds == std::multiset<std::string>{"birthday", "birthday", "holiday", "holiday"});
    CHECK(db.reminders().get(follow.id).customer == "A");
    db.merges().unmerge("A");
    CHECK(clt_test::query_rows(path, rows) == before);
    CHECK(db.reminders().get(follow.id).customer == "B");
}

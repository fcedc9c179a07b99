// Service cases (docs/service.md): the workflow, SLA deadlines in business hours, breaches,
// escalation, roles, bad input leaving nothing written, the migration, and the service
// report's formulas.
#include <catch2/catch.hpp>

#include <set>

#include "json/cases_json.hpp"
#include "store/schema.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

Timestamp at(const char* iso) { return parse_timestamp(iso); }

struct CaseStore {
    TempDir dir;
    std::filesystem::path path = dir / "c.db";
    Database db = clt_test::make_store(path);
    CaseStore() {
        clt_test::create_owned(db, {{"E1", "li.na"}, {"E2", "zhou.jie"}, {"W1", "tom"}});
    }
    // A complaint opened at `when` (ISO 8601) for `customer`.
    Case complaint(const char* customer, const char* when, CasePriority p = CasePriority::normal) {
        CaseOpening o;
        o.customer = customer;
        o.at = at(when);
        o.priority = p;
        o.subject = "broken kettle";
        o.channel = "phone";
        return db.cases().open(o);
    }
    std::string file() { return clt_test::dump(path); }
};

std::string refused_field(const std::function<void()>& f) {
    try {
        f();
    } catch (const InvalidInput& e) {
        return e.field();
    }
    return "<accepted>";
}

}  // namespace

TEST_CASE("business hours: deadlines skip nights, weekends and holidays", "[cases][sla]") {
    SlaPolicy p;  // Mon-Fri 09:00-18:00 at +08:00
    // Friday 2026-12-04 17:00 local (09:00Z) + 2h -> Monday 2026-12-07 10:00 local (02:00Z).
    CHECK(p.add_business_minutes(at("2026-12-04T09:00:00Z"), 120) == at("2026-12-07T02:00:00Z"));
    // Before opening the clock starts at 09:00: Tuesday 07:00 local + 1h -> 10:00 local.
    CHECK(p.add_business_minutes(at("2026-12-01T23:00:00Z"), 60) == at("2026-12-02T02:00:00Z"));
    // A holiday on Monday moves it to Tuesday.
    p.holidays.push_back(parse_date("2026-12-07"));
    CHECK(p.add_business_minutes(at("2026-12-04T09:00:00Z"), 120) == at("2026-12-08T02:00:00Z"));
    // Exactly the rest of a day ends at closing time, not the next morning.
    CHECK(p.add_business_minutes(at("2026-12-01T01:00:00Z"), 9 * 60) == at("2026-12-01T10:00:00Z"));
}

TEST_CASE("the SLA policy's JSON: parsed, written back, refused naming the field", "[cases][sla]") {
    const auto p = sla_policy_from_json_text(
        R"({"utc_offset": "+01:00", "days": ["mon", "sat"], "hours": "08:30-12:00", "holidays": ["2026-12-25"],
            "priorities": {"urgent": {"first_response": "30m", "resolution": "1h30m"}}})");
    CHECK(p.utc_offset_minutes == 60);
    CHECK(p.working_days[1]);
    CHECK(p.working_days[6]);
    CHECK_FALSE(p.working_days[2]);
    CHECK(p.open_minute == 8 * 60 + 30);
    CHECK(p.targets[3].first_response_minutes == 30);
    CHECK(p.targets[3].resolution_minutes == 90);
    CHECK(p.targets[1].resolution_minutes == 40 * 60);  // untouched default
    const auto again = sla_policy_from_json_text(to_json_text(p));
    CHECK(to_json_text(again) == to_json_text(p));
    const auto field = [](const char* text) { return refused_field([&] { sla_policy_from_json_text(text); }); };
    CHECK(field(R"({"hours": "18:00-09:00"})") == "hours");
    CHECK(field(R"({"hours": "nine to five"})") == "hours");
    CHECK(field(R"({"days": ["funday"]})") == "days");
    CHECK(field(R"({"days": []})") == "days");
    CHECK(field(R"({"utc_offset": "8"})") == "utc_offset");
    CHECK(field(R"({"holidays": ["2026-02-30"]})") == "holidays");
    CHECK(field(R"({"priorities": {"urgent": {"resolution": "4 hours"}}})") == "priorities.urgent.resolution");
    CHECK(field(R"({"priorities": {"urgent": {"first_response": "5h", "resolution": "4h"}}})") ==
          "priorities.urgent.first_response");
    CHECK(field(R"({"priorities": {"critical": {}}})") == "priorities.critical");
    CHECK(field(R"({"timezone": "Asia/Shanghai"})") == "timezone");
}

TEST_CASE("the workflow: each type's steps, reopening, and who changed what when", "[cases]") {
    CHECK(case_transition_allowed(CaseType::complaint, "open", "in_progress"));
    CHECK_FALSE(case_transition_allowed(CaseType::complaint, "open", "resolved"));
    CHECK(case_transition_allowed(CaseType::complaint, "closed", "in_progress"));
    CHECK(case_transition_allowed(CaseType::suggestion, "under_review", "declined"));
    CHECK_FALSE(case_transition_allowed(CaseType::suggestion, "accepted", "declined"));

    CaseStore s;
    // Tuesday 2026-12-01 09:00 local; high: first response 4h, resolution 16h of business time.
    const Case c = s.complaint("E1", "2026-12-01T01:00:00Z", CasePriority::high);
    CHECK(c.status == "open");
    CHECK(c.assignee == "li.na");  // the customer's owner
    CHECK(c.first_response_due == at("2026-12-01T05:00:00Z"));
    CHECK(c.resolution_due == at("2026-12-02T08:00:00Z"));
    // The complaint interaction keeps a copy of the phase and deadline.
    const auto interaction = s.db.interactions().get(c.interaction_id.to_string());
    CHECK(interaction.complaint_status == ComplaintStatus::open);
    CHECK(interaction.due_at == c.resolution_due);

    CaseChange go;
    go.status = "in_progress";
    go.at = at("2026-12-01T03:00:00Z");
    go.note = "called back";
    auto k = s.db.cases().update(c.id, go);
    CHECK(k.first_responded_at == at("2026-12-01T03:00:00Z"));
    CaseChange done;
    done.status = "resolved";
    done.at = at("2026-12-01T09:00:00Z");
    k = s.db.cases().update(c.id, done);
    CHECK(k.resolved_at == at("2026-12-01T09:00:00Z"));
    CHECK_FALSE(k.breached(at("2026-12-10T00:00:00Z")));
    CHECK(s.db.interactions().get(c.interaction_id.to_string()).complaint_status == ComplaintStatus::resolved);
    CaseChange reopen;
    reopen.status = "in_progress";
    reopen.at = at("2026-12-02T01:00:00Z");
    k = s.db.cases().update(c.id, reopen);
    CHECK_FALSE(k.resolved_at);
    CHECK(k.first_responded_at == at("2026-12-01T03:00:00Z"));  // the first response stays
    const auto h = s.db.cases().get(c.id).history;
    REQUIRE(h.size() == 4);
    CHECK(h[0].action == "open");
    CHECK(h[1].from == "open");
    CHECK(h[1].to == "in_progress");
    CHECK(h[1].user == "admin");
    CHECK(h[1].note == "called back");
    CHECK(h[3].from == "resolved");
    CHECK(h[3].at == at("2026-12-02T01:00:00Z"));
    // Resolved after its deadline now: breached.
    done.at = at("2026-12-02T09:00:00Z");
    CHECK(s.db.cases().update(c.id, done).resolution_breached(at("2026-12-10T00:00:00Z")));

    // A priority change recomputes both deadlines from the opening.
    const Case low = s.complaint("E2", "2026-12-01T01:00:00Z");
    CaseChange urgent;
    urgent.priority = CasePriority::urgent;
    urgent.at = at("2026-12-01T01:10:00Z");
    k = s.db.cases().update(low.id, urgent);
    CHECK(k.first_response_due == at("2026-12-01T02:00:00Z"));
    CHECK(k.resolution_due == at("2026-12-01T05:00:00Z"));
}

TEST_CASE("a suggestion follows the same workflow with its own statuses", "[cases]") {
    CaseStore s;
    CaseOpening o;
    o.customer = "E1";
    o.type = CaseType::suggestion;
    o.at = at("2026-12-01T01:00:00Z");
    const Case c = s.db.cases().open(o);
    CHECK(c.type == CaseType::suggestion);
    CHECK(s.db.interactions().get(c.interaction_id.to_string()).kind == InteractionKind::suggestion);
    CaseChange ch;
    ch.status = "in_progress";  // a complaint's name
    CHECK(refused_field([&] { s.db.cases().update(c.id, ch); }) == "status");
    ch.status = "under_review";
    CHECK(s.db.cases().update(c.id, ch).first_responded_at);
    ch.status = "declined";
    CHECK(s.db.cases().update(c.id, ch).resolved_at);
}

TEST_CASE("a case opened for an existing complaint interaction starts at its time", "[cases]") {
    CaseStore s;
    Interaction i;
    i.customer_external_id = "E1";
    i.external_id = "I1";
    i.kind = InteractionKind::complaint;
    i.occurred_at = at("2026-12-01T01:00:00Z");
    s.db.interactions().add(i);
    CaseOpening o;
    o.interaction = "I1";
    const Case c = s.db.cases().open(o);
    CHECK(c.opened_at == at("2026-12-01T01:00:00Z"));
    const auto before = s.file();
    CHECK_THROWS_AS(s.db.cases().open(o), Conflict);
    i.external_id = "N1";
    i.kind = InteractionKind::call;
    s.db.interactions().add(i);
    o.interaction = "N1";
    CHECK(refused_field([&] { s.db.cases().open(o); }) == "interaction");
    o.interaction = "I1";
    o.customer = "E1";
    CHECK(refused_field([&] { s.db.cases().open(o); }) == "customer");
}

TEST_CASE("bad input: a clear error naming the field, nothing written", "[cases]") {
    CaseStore s;
    const Case c = s.complaint("E1", "2026-12-01T01:00:00Z");
    const auto before = s.file();
    CaseChange ch;
    ch.status = "closed";  // open -> closed skips steps
    CHECK(refused_field([&] { s.db.cases().update(c.id, ch); }) == "status");
    ch.status = "done";
    CHECK(refused_field([&] { s.db.cases().update(c.id, ch); }) == "status");
    CHECK_THROWS_AS(s.db.cases().update(999, CaseChange{.note = "x"}), NotFound);
    CHECK_THROWS_AS(s.db.cases().get(999), NotFound);
    CaseChange late;
    late.resolution_due = at("2020-01-01T00:00:00Z");
    CHECK(refused_field([&] { s.db.cases().update(c.id, late); }) == "resolution_due");
    CaseChange early;
    early.note = "x";
    early.at = at("2026-11-30T00:00:00Z");  // before the opening
    CHECK(refused_field([&] { s.db.cases().update(c.id, early); }) == "at");
    CaseChange nobody;
    nobody.assignee = "nobody";
    CHECK(refused_field([&] { s.db.cases().update(c.id, nobody); }) == "assignee");
    CHECK(refused_field([&] { s.db.cases().update(c.id, CaseChange{}); }) == "change");
    CaseOpening o;
    o.customer = "E2";
    o.resolution_due = at("2020-01-01T00:00:00Z");
    CHECK(refused_field([&] { s.db.cases().open(o); }) == "resolution_due");
    o.resolution_due.reset();
    o.assignee = "nobody";
    CHECK(refused_field([&] { s.db.cases().open(o); }) == "assignee");
    o.assignee.clear();
    o.at = now_utc() + std::chrono::hours(1);
    CHECK(refused_field([&] { s.db.cases().open(o); }) == "at");
    CHECK(s.file() == before);  // not even the interaction of the refused opening
}

TEST_CASE("roles: sales see their customers' cases, managers their team's, viewers read only", "[cases][access]") {
    CaseStore s;
    const Case e1 = s.complaint("E1", "2026-12-01T01:00:00Z");
    const Case e2 = s.complaint("E2", "2026-12-01T01:00:00Z");
    const Case w1 = s.complaint("W1", "2026-12-01T01:00:00Z");
    Database li(s.path, {.user = "li.na"});
    CHECK(li.cases().list().size() == 1);
    CHECK(li.cases().get(e1.id).id == e1.id);
    CHECK_THROWS_AS(li.cases().get(w1.id), NotFound);
    CHECK_THROWS_AS(li.cases().update(e2.id, CaseChange{.note = "x"}), NotFound);
    Database mia(s.path, {.user = "mia"});
    CHECK(mia.cases().list().size() == 2);
    Database vic(s.path, {.user = "vic"});
    CHECK(vic.cases().list().size() == 3);
    CHECK_THROWS_AS(vic.cases().update(e1.id, CaseChange{.note = "x"}), PermissionDenied);
    CaseOpening o;
    o.customer = "E1";
    CHECK_THROWS_AS(vic.cases().open(o), PermissionDenied);
    CHECK_THROWS_AS(li.cases().set_sla_policy(SlaPolicy{}), PermissionDenied);
}

TEST_CASE("breaches are listed, and escalated once to the manager of the owner's team", "[cases]") {
    CaseStore s;
    const Case e1 = s.complaint("E1", "2026-12-01T01:00:00Z", CasePriority::urgent);  // due 02:00Z / 05:00Z
    const Case w1 = s.complaint("W1", "2026-12-01T01:00:00Z", CasePriority::urgent);  // team west: no manager
    const Case e2 = s.complaint("E2", "2026-12-01T01:00:00Z", CasePriority::low);
    CaseFilter overdue;
    overdue.breached_as_of = at("2026-12-01T01:30:00Z");
    CHECK(s.db.cases().list(overdue).empty());
    overdue.breached_as_of = at("2026-12-01T02:30:00Z");  // urgent first responses missed
    CHECK(s.db.cases().list(overdue).size() == 2);
    CaseChange go;
    go.status = "in_progress";
    go.at = at("2026-12-01T01:30:00Z");
    s.db.cases().update(e1.id, go);  // answered in time
    CHECK(s.db.cases().list(overdue).size() == 1);

    const auto escalated = s.db.cases().escalate(at("2026-12-01T06:00:00Z"));  // e1's resolution missed
    REQUIRE(escalated.size() == 1);
    CHECK(escalated[0].id == e1.id);
    CHECK(escalated[0].escalated_to == "mia");
    CHECK(s.db.cases().get(e1.id).history.back().action == "escalate");
    CHECK(s.db.cases().get(w1.id).escalated_to.empty());  // breached, but team west has no manager
    CHECK(s.db.cases().escalate(at("2026-12-01T06:00:00Z")).empty());  // once
    CHECK(s.db.cases().get(e2.id).escalated_to.empty());
    const auto trail = clt_test::query_rows(s.path, "SELECT action FROM audit_log WHERE action LIKE 'case.%' ORDER BY id");
    CHECK(std::count(trail.begin(), trail.end(), "case.escalate") == 1);
    CHECK(std::count(trail.begin(), trail.end(), "case.open") == 3);
}

TEST_CASE("a stored SLA policy sets the deadlines of cases opened after it", "[cases][sla]") {
    CaseStore s;
    auto p = s.db.cases().sla_policy();
    p.working_days.fill(true);
    p.open_minute = 0;
    p.close_minute = 24 * 60;
    p.targets[static_cast<std::size_t>(CasePriority::normal)] = {30, 120};
    s.db.cases().set_sla_policy(p);
    const Case c = s.complaint("E1", "2026-11-28T12:00:00Z");  // a Saturday: every day works now
    CHECK(c.first_response_due == at("2026-11-28T12:30:00Z"));
    CHECK(c.resolution_due == at("2026-11-28T14:00:00Z"));
}

TEST_CASE("opening a version 8 file adds the case tables", "[cases][store]") {
    TempDir dir;
    const auto path = dir / "old.db";
    {
        auto db = clt_test::make_store(path);
        clt_test::create_owned(db, {{"E1", "li.na"}});
    }
    clt_test::exec_raw(path, std::string(clt_test::kUndoSchemaAfterV8) + "PRAGMA user_version = 8;");
    Database db(path, {.user = "admin"});
    CaseOpening o;
    o.customer = "E1";
    CHECK(db.cases().open(o).id == 1);
    CHECK(clt_test::query_rows(path, "PRAGMA user_version") ==
          std::vector<std::string>{std::to_string(store::kSchemaVersion)});
}

TEST_CASE("service figures: NPS, CSAT, response rate, times and breach rate by formula", "[cases][report]") {
    ServiceColumns c;
    // Group 0: NPS 10, 9, 8, 3, 0 -> 2 promoters, 1 passive, 2 detractors: NPS 0.
    // Group 1: CSAT 5, 4, 4 and one survey without a score.
    const std::int8_t nps[] = {10, 9, 8, 3, 0, -1, -1, -1, -1};
    const std::int8_t csat[] = {0, 0, 0, 0, 0, 5, 4, 4, 0};
    for (std::size_t i = 0; i < 9; ++i) {
        c.survey_group.push_back(i < 5 ? 0 : 1);
        c.nps.push_back(nps[i]);
        c.csat.push_back(csat[i]);
        c.is_survey.push_back(1);
    }
    // Group 0: cases answered after 1h, 2h, 3h (and one not yet), one breached of four.
    for (std::int64_t h : {1, 2, 3, -1}) {
        c.case_group.push_back(0);
        c.case_is_complaint.push_back(1);
        c.first_response_seconds.push_back(h < 0 ? -1 : h * 3600);
        c.resolution_seconds.push_back(-1);
        c.case_breached.push_back(h == 3);
    }
    const auto rows = service_rows(c, "channel", {"phone", "web"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].promoters == 2);
    CHECK(rows[0].passives == 1);
    CHECK(rows[0].detractors == 2);
    CHECK(*rows[0].nps == Approx(0.0));
    CHECK(rows[0].response_rate == 1.0);
    CHECK(*rows[1].csat_mean == Approx(13.0 / 3));
    CHECK(rows[1].csat_counts == std::array<std::int64_t, 5>{0, 0, 0, 2, 1});
    CHECK(*rows[1].response_rate == Approx(0.75));
    CHECK_FALSE(rows[1].nps);
    CHECK(rows[0].complaints == 4);
    CHECK(rows[0].responded == 3);
    CHECK(*rows[0].first_response_median_hours == Approx(2.0));
    CHECK(*rows[0].first_response_p90_hours == Approx(2.8));
    CHECK(*rows[0].breach_rate == Approx(0.25));
    CHECK_FALSE(rows[0].resolution_median_hours);
    CHECK_FALSE(rows[1].breach_rate);
    c.case_group[0] = 7;
    CHECK_THROWS_AS(service_rows(c, "channel", {"phone", "web"}), InvalidInput);
}

TEST_CASE("the service report over the store groups by owner, channel and month", "[cases][report]") {
    CaseStore s;
    const auto survey = [&](const char* customer, const char* when, std::optional<int> nps, std::optional<int> csat,
                            const char* channel) {
        Interaction i;
        i.customer_external_id = customer;
        i.kind = InteractionKind::survey;
        i.occurred_at = at(when);
        i.nps = nps;
        i.csat = csat;
        i.channel = channel;
        s.db.interactions().add(i);
    };
    survey("E1", "2026-11-03T00:00:00Z", 10, 5, "wechat");
    survey("E1", "2026-11-04T00:00:00Z", 2, std::nullopt, "wechat");
    survey("E2", "2026-12-02T00:00:00Z", 9, 4, "email");
    survey("W1", "2026-12-02T00:00:00Z", std::nullopt, std::nullopt, "email");  // sent, not answered
    survey("W1", "2027-01-02T00:00:00Z", 0, 1, "email");                        // after the period
    const Case c = s.complaint("E1", "2026-12-01T01:00:00Z");
    CaseChange go;
    go.status = "in_progress";
    go.at = at("2026-12-01T03:00:00Z");
    s.db.cases().update(c.id, go);
    ServiceReportOptions o;
    o.from = at("2026-11-01T00:00:00Z");
    o.to = at("2026-12-31T00:00:00Z");
    const auto r = s.db.cases().service_report(o);
    const auto row = [&](const char* dim, const char* group) {
        for (const auto& x : r.rows)
            if (x.dimension == dim && x.group == group) return x;
        FAIL("no row " << dim << "/" << group);
        return ServiceReportRow{};
    };
    const auto all = row("all", "all");
    CHECK(all.surveys == 4);
    CHECK(all.answered == 3);
    CHECK(all.nps_responses == 3);
    CHECK(*all.nps == Approx(100.0 * (2 - 1) / 3));
    CHECK(*all.csat_mean == Approx(4.5));
    CHECK(all.complaints == 1);
    CHECK(*all.first_response_median_hours == Approx(2.0));
    CHECK(row("owner", "li.na").nps_responses == 2);
    CHECK(row("channel", "email").surveys == 2);
    CHECK(row("month", "2026-11").surveys == 2);
    CHECK(row("stage", "prospect").surveys == 4);  // nobody has bought
    Database li(s.path, {.user = "li.na"});
    CHECK(li.cases().service_report(o).rows.front().surveys == 2);  // only her customers'
    o.to = o.from;
    CHECK(refused_field([&] { s.db.cases().service_report(o); }) == "to");
}

TEST_CASE("the case keys Python's frames take are what to_json writes", "[cases][json][keys]") {
    CaseStore s;
    const Case opened = s.complaint("E1", "2026-12-01T01:00:00Z", CasePriority::urgent);
    CaseChange go;
    go.status = "in_progress";
    go.at = at("2026-12-01T01:10:00Z");
    s.db.cases().update(opened.id, go);
    s.db.cases().escalate(at("2026-12-01T06:00:00Z"));
    go.status = "resolved";
    go.at = at("2026-12-01T07:00:00Z");
    s.db.cases().update(opened.id, go);
    go.status = "closed";
    s.db.cases().update(opened.id, go);
    const auto j = to_json(s.db.cases().get(opened.id), now_utc());
    std::set<std::string> written, listed;
    for (auto it = j.begin(); it != j.end(); ++it) written.insert(it.key());
    for (auto k : case_json_keys()) listed.insert(std::string(k));
    CHECK(written == listed);
    CHECK(listed.size() == case_json_keys().size());
}

TEST_CASE("merge carries cases with their complaints to the survivor; unmerge brings them back", "[cases][merge]") {
    CaseStore s;
    const Case c = s.complaint("E2", "2026-12-01T01:00:00Z");
    CaseChange ch;
    ch.status = "in_progress";
    s.db.cases().update(c.id, ch);
    const auto rows = "SELECT k.id, i.customer_id, k.status, (SELECT count(*) FROM case_events e WHERE e.case_id = k.id) "
                      "FROM cases k JOIN interactions i ON i.id = k.interaction_id";
    const auto before = clt_test::query_rows(s.path, rows);
    const std::vector<std::string> ids{"E1", "E2"};
    s.db.merges().merge("E1", ids);
    const auto e1 = s.db.customers().get("E1").id;
    CHECK(s.db.cases().get(c.id).customer_id == e1);
    REQUIRE(s.db.cases().list({.customer = "E1"}).size() == 1);
    CHECK(s.db.cases().list({.customer = "E1"})[0].status == "in_progress");
    s.db.merges().unmerge("E1");
    CHECK(clt_test::query_rows(s.path, rows) == before);
    CHECK(s.db.cases().get(c.id).customer_id == s.db.customers().get("E2").id);
}

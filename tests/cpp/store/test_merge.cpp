// Merging duplicate customers and undoing it (docs/merge.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <sqlite3.h>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;
using clt_test::dump;
using clt_test::exec_raw;

namespace {

// Two records of one person as two clerks typed them, with an order each.
struct DuplicatePair {
    Customer a, b;
};

DuplicatePair add_duplicates(Database& db, const std::string& owner = {}) {
    Customer a = clt_test::person("张", "伟", "Zhang.Wei@Example.com", "138-1234-5678");
    a.external_id = "SHOP-1";
    a.tags = {"vip"};
    a.owner = owner;
    a.notes = "prefers calls";
    a.consent[ConsentChannel::email] = {ConsentStatus::granted, parse_timestamp("2024-01-01T00:00:00Z"), "web"};
    a.custom = to_json_object({{"shoe_size", 42}});
    Customer b = clt_test::person("张", "伟", "zhang.wei@example.com", "+86 13812345678");
    b.external_id = "WECHAT-9";
    b.emails.push_back({"wei@work.cn", "work", false, {}});
    b.tags = {"wechat", "vip"};
    b.owner = owner;
    b.job_title = "Engineer";
    b.birthday = parse_date("1988-04-12");
    b.last_verified_at = parse_timestamp("2024-06-01T00:00:00Z");
    b.consent[ConsentChannel::email] = {ConsentStatus::denied, parse_timestamp("2024-05-01T00:00:00Z"), "call"};
    b.custom = to_json_object({{"shoe_size", 43}, {"city", "上海"}});
    DuplicatePair d{db.customers().create(a), db.customers().create(b)};
    for (const auto* c : {&d.a, &d.b}) {
        Interaction i;
        i.customer_id = c->id;
        i.kind = InteractionKind::purchase;
        i.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
        i.amount_minor = 1000;
        db.interactions().add(i);
    }
    return d;
}

std::vector<std::string> refs(std::initializer_list<const Customer*> cs) {
    std::vector<std::string> out;
    for (const auto* c : cs) out.push_back(c->id.to_string());
    return out;
}

std::string v1_ddl() {
    std::ifstream in(std::filesystem::path(CLIENTELE_EXAMPLES_DIR) / ".." / ".." / "src" / "store" / "schema.cpp");
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    const std::string open = "kSchemaV1 = R\"SQL(";
    auto begin = s.find(open);
    REQUIRE(begin != std::string::npos);
    begin += open.size();
    return s.substr(begin, s.find(")SQL\"", begin) - begin);
}

std::string schema_of(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(raw, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY name", -1, &s, nullptr);
    std::string out;
    while (sqlite3_step(s) == SQLITE_ROW)
        for (int c = 0; c < 4; ++c) out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c))) + "\n";
    sqlite3_finalize(s);
    sqlite3_close(raw);
    return out;
}

// A store (clt_test::make_store's users) holding the two records of add_duplicates.
struct MergeStore {
    TempDir dir;
    std::filesystem::path path = dir / "m.db";
    Database db = clt_test::make_store(path);
    DuplicatePair d = add_duplicates(db);
    std::vector<std::string> ids = refs({&d.a, &d.b});
};

}  // namespace

TEST_CASE("a version 1 file is migrated to the schema a new file gets", "[store][merge][migrate]") {
    TempDir dir;
    const auto old_file = dir / "v1.db";
    exec_raw(old_file, v1_ddl() +
                           "INSERT INTO settings(key, value) VALUES ('default_region','CN'), ('default_currency','CNY');"
                           "INSERT INTO users(username, display_name, role, created_at) VALUES ('admin','admin','admin',0);"
                           "INSERT INTO customers(uuid, kind, display_name, created_at, updated_at) VALUES "
                           "(x'0123456789abcdef0123456789abcdef', 'person', '王芳', 0, 0);"
                           "PRAGMA application_id = 1129075761; PRAGMA user_version = 1;");
    {
        Database db(old_file);
        CHECK(db.stats().schema_version == clientele::schema_version());
        auto c = db.customers().get("01234567-89ab-cdef-0123-456789abcdef");
        CHECK(c.display_name == "王芳");
        CHECK(db.merges().history().empty());
    }
    { Database fresh(dir / "fresh.db", {.create = true}); }
    CHECK(schema_of(old_file) == schema_of(dir / "fresh.db"));
    // Opening again does not migrate twice.
    Database again(old_file);
    CHECK(again.customers().count() == 1);
}

TEST_CASE("a version 2 file gets every card from its child rows, and its merges still undo", "[store][merge][migrate]") {
    // A version 2 file made by turning a new one back: no card column (nor the text fields
    // added since), and a merge whose before-images have no card either.
    TempDir dir;
    const auto path = dir / "v2.db";
    std::string before_merge, after_merge;
    Uuid merge_id;
    std::vector<std::string> expected;
    {
        Database db = clt_test::make_store(path);
        DuplicatePair d = add_duplicates(db);
        Customer third = clt_test::person("Smith", "Anna", "anna@example.com", "+1 415 555 0100");
        third.addresses.push_back({"home", "1 Main St", "Springfield", "IL", "62701", "US", true});
        third.addresses.push_back({"work", "人民路 8 号", "上海", "", "200000", "CN", false});
        third.tags = {"b2b", "newsletter"};
        third.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, "paper form"};
        third = db.customers().create(third);
        before_merge = dump(path);
        merge_id = db.merges().merge(d.a.id.to_string(), refs({&d.a, &d.b})).merge_id;
        after_merge = dump(path);
        for (const auto& id : {d.a.id, d.b.id, third.id}) expected.push_back(to_json(db.customers().get(id.to_string())).dump());
    }
    exec_raw(path,
             std::string(clt_test::kUndoSchemaV6) +
             "UPDATE merges SET before_images = json_remove(before_images, '$.customers[0].card', '$.customers[1].card');"
             "ALTER TABLE customers DROP COLUMN card; ALTER TABLE customers DROP COLUMN preferred_language;"
             "DROP TABLE customer_match_keys; DROP TABLE customer_match_key_sets;"
             "DROP TABLE customer_points;"
             "DELETE FROM settings WHERE key = 'match_keys_version'; PRAGMA user_version = 2;");
    {
        Database db(path, {.user = "admin"});
        CHECK(db.stats().schema_version == clientele::schema_version());
        std::vector<std::string> now;
        for (const auto& e : expected) {
            const auto id = nlohmann::json::parse(e).at("id").get<std::string>();
            now.push_back(to_json(db.customers().get(id)).dump());
        }
        CHECK(now == expected);  // every email, phone, address, tag and consent, in order
    }
    CHECK(dump(path) == after_merge);
    { Database fresh(dir / "fresh.db", {.create = true}); }
    CHECK(schema_of(path) == schema_of(dir / "fresh.db"));
    {
        Database db(path, {.user = "admin"});
        db.merges().unmerge(merge_id.to_string());
    }
    CHECK(dump(path) == before_merge);
}

TEST_CASE_METHOD(MergeStore, "merge combines two records of one person and undo restores every byte", "[store][merge]") {
    Customer bystander = db.customers().create(clt_test::person("李", "雷", "li.lei@example.com"));
    const std::string before = dump(path);

    MergeResult r = db.merges().merge(d.a.id.to_string(), ids);
    CHECK_FALSE(r.dry_run);
    CHECK_FALSE(r.merge_id.is_nil());
    const Customer& s = r.survivor;
    CHECK(s.id == d.a.id);
    CHECK(s.version == d.a.version + 1);
    // Contacts united by normalized form: the two spellings of one email and phone are one.
    REQUIRE(s.emails.size() == 2);
    CHECK(s.emails[0].address == "Zhang.Wei@Example.com");
    CHECK(s.emails[0].primary);
    CHECK(s.emails[1].address == "wei@work.cn");
    CHECK_FALSE(s.emails[1].primary);
    CHECK(s.phones.size() == 1);
    CHECK(s.tags == std::vector<std::string>{"vip", "wechat"});
    // Verified beats unverified; the later consent decision wins; notes are kept; custom
    // keys of both, the verified record's value first.
    CHECK(s.job_title == "Engineer");
    CHECK(s.birthday == parse_date("1988-04-12"));
    CHECK(s.last_verified_at == parse_timestamp("2024-06-01T00:00:00Z"));
    CHECK(s.consent.at(ConsentChannel::email).status == ConsentStatus::denied);
    CHECK(s.notes == "prefers calls");
    CHECK(to_nlohmann(s.custom) == nlohmann::json{{"shoe_size", 43}, {"city", "上海"}});
    CHECK(s.external_id == "SHOP-1");
    // The dry-run listing of moved records names each and flags the duplicates.
    auto count = [&](const std::string& kind, bool duplicate) {
        return std::count_if(r.moved.begin(), r.moved.end(),
                             [&](const MovedRecord& m) { return m.kind == kind && m.duplicate == duplicate; });
    };
    CHECK(count("email", true) == 1);
    CHECK(count("email", false) == 1);
    CHECK(count("phone", true) == 1);
    CHECK(count("interaction", false) == 1);
    CHECK(count("consent", false) == 1);
    REQUIRE(r.merged.size() == 1);
    CHECK(r.merged[0].id == d.b.id);

    // What the store says now: b's ids lead to a; its order is a's; one customer per email.
    CHECK(db.customers().get(d.b.id.to_string()).id == d.a.id);
    CHECK(db.customers().get("WECHAT-9").id == d.a.id);
    CHECK(db.customers().get(d.a.id.to_string()).emails.size() == 2);
    CHECK(db.customers().find_by_email("zhang.wei@example.com").size() == 1);
    CHECK(db.interactions().count({.customer = d.a.id.to_string()}) == 2);
    CHECK(db.customers().count({.status = CustomerStatus::merged}) == 1);
    CHECK(db.customers().search("张伟").size() == 1);
    auto listed = db.merges().history();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == r.merge_id);
    CHECK(listed[0].survivor == d.a.id);
    CHECK(listed[0].merged == std::vector<Uuid>{d.b.id});
    CHECK(listed[0].merged_by == "admin");
    CHECK(listed[0].status == MergeStatus::applied);
    CHECK(db.merges().history({.customer = "WECHAT-9"}).size() == 1);
    CHECK(db.merges().history({.customer = bystander.id.to_string()}).empty());

    // Undo by the merged customer's old id: the store is byte for byte as before.
    MergeRecord undone = db.merges().unmerge("WECHAT-9");
    CHECK(undone.status == MergeStatus::undone);
    CHECK(undone.undone_by == "admin");
    CHECK(dump(path) == before);
    CHECK(db.customers().get("WECHAT-9").id == d.b.id);
    CHECK(db.merges().history({.status = MergeStatus::undone}).size() == 1);
    CHECK(db.customers().search("张伟").size() == 2);

    // Undoing twice is refused, and changes nothing.
    const std::string after_undo = dump(path, true);
    CHECK_THROWS_AS(db.merges().unmerge(r.merge_id.to_string()), Conflict);
    CHECK(dump(path, true) == after_undo);
}

TEST_CASE_METHOD(MergeStore, "a dry run shows the result and writes nothing", "[store][merge]") {
    const std::string before = dump(path, true);
    MergeResult dry = db.merges().merge("", ids, {.dry_run = true});
    CHECK(dry.dry_run);
    CHECK(dry.merge_id.is_nil());
    CHECK(dry.survivor.emails.size() == 2);
    CHECK(dry.moved.size() >= 5);
    CHECK(dump(path, true) == before);
    // The real merge gives what the dry run showed.
    MergeResult real = db.merges().merge("", ids);
    CHECK(real.survivor.id == dry.survivor.id);
    CHECK(to_json(real.survivor)["emails"] == to_json(dry.survivor)["emails"]);
    CHECK(real.moved.size() == dry.moved.size());
}

TEST_CASE_METHOD(MergeStore, "the survivor is chosen automatically and rules are configurable", "[store][merge]") {
    // b has more fields and contacts: it survives when none is named.
    auto auto_pick = db.merges().merge("", ids, {.dry_run = true});
    CHECK(auto_pick.survivor.id == d.b.id);
    auto survivor_rules = db.merges().merge(d.a.id.to_string(), ids,
                                   {.rules = {{"custom", MergeRule::survivor}, {"notes", MergeRule::survivor}},
                                    .dry_run = true});
    CHECK(to_nlohmann(survivor_rules.survivor.custom)["shoe_size"] == 42);
    CHECK_THROWS_AS(db.merges().merge("", ids, {.rules = {{"shoe", MergeRule::survivor}}}), InvalidInput);
    CHECK_THROWS_AS(db.merges().merge("", ids, {.rules = {{"birthday", MergeRule::combine}}}), InvalidInput);
}

TEST_CASE("bad merges fail clearly and change nothing", "[store][merge]") {
    TempDir dir;
    const auto path = dir / "m.db";
    auto db = clt_test::make_store(path);
    auto d = add_duplicates(db, "li.na");
    Customer other = db.customers().create(clt_test::person("周", "杰", "zj@example.com"));
    Customer toms = db.customers().create([] { auto c = clt_test::person("T", "Tom"); c.owner = "tom"; return c; }());
    const std::string before = dump(path, true);
    const std::string a = d.a.id.to_string(), b = d.b.id.to_string();

    std::vector<std::string> unknown{a, "no-such-customer"};
    CHECK_THROWS_AS(db.merges().merge("", unknown), NotFound);
    std::vector<std::string> self{a, a};
    CHECK_THROWS_WITH(db.merges().merge("", self), Catch::Contains("merged with itself"));
    std::vector<std::string> self_by_two_refs{a, "SHOP-1"};
    CHECK_THROWS_AS(db.merges().merge("", self_by_two_refs), InvalidInput);
    std::vector<std::string> one{a};
    CHECK_THROWS_AS(db.merges().merge("", one), InvalidInput);
    CHECK_THROWS_AS(db.merges().unmerge(a), NotFound);
    CHECK_THROWS_WITH(db.merges().unmerge(a), Catch::Contains("was not merged"));
    CHECK_THROWS_AS(db.merges().unmerge("no-such-thing"), NotFound);
    {
        Database viewer(path, {.user = "vic"});
        std::vector<std::string> ab{a, b};
        CHECK_THROWS_AS(viewer.merges().merge("", ab), PermissionDenied);
    }
    {
        Database tom(path, {.user = "tom"});  // sales of another team: li.na's customers do not exist for him
        std::vector<std::string> ab{a, toms.id.to_string()};
        CHECK_THROWS_AS(tom.merges().merge("", ab), NotFound);
    }
    {
        Database li(path, {.user = "li.na"});  // owns a and b, not `other` (admin's)
        std::vector<std::string> mixed{a, other.id.to_string()};
        CHECK_THROWS_AS(li.merges().merge("", mixed), NotFound);
    }
    CHECK(dump(path, true) == before);

    // Already merged: merging it again is refused.
    std::vector<std::string> ab{a, b};
    {
        Database li(path, {.user = "li.na"});
        li.merges().merge(a, ab);
    }
    const std::string merged = dump(path, true);
    std::vector<std::string> again{b, other.id.to_string()};
    CHECK_THROWS_WITH(db.merges().merge("", again), Catch::Contains("already merged"));
    CHECK(dump(path, true) == merged);
}

TEST_CASE_METHOD(MergeStore, "a failure in the middle of a merge or an undo leaves the store as it was", "[store][merge]") {
    const std::string before = dump(path, true);
    // The lineage row is the merge's last write: everything before it must roll back.
    exec_raw(path, "CREATE TRIGGER fail_merge BEFORE INSERT ON merges BEGIN SELECT RAISE(ABORT, 'injected'); END;");
    CHECK_THROWS_WITH(db.merges().merge("", ids), Catch::Contains("injected"));
    exec_raw(path, "DROP TRIGGER fail_merge;");
    CHECK(dump(path, true) == before);

    const auto survivor = db.merges().merge("", ids).survivor.id.to_string();
    const std::string merged = dump(path, true);
    exec_raw(path, "CREATE TRIGGER fail_undo BEFORE UPDATE OF status ON merges BEGIN SELECT RAISE(ABORT, 'injected'); END;");
    CHECK_THROWS_WITH(db.merges().unmerge(d.a.id.to_string()), Catch::Contains("injected"));
    exec_raw(path, "DROP TRIGGER fail_undo;");
    CHECK(dump(path, true) == merged);

    // Inside a caller's transaction a failed merge is undone without ending the transaction.
    auto t = db.transaction();
    Customer kept = db.customers().create(clt_test::person("新", "人"));
    std::vector<std::string> bad{survivor, "missing"};
    CHECK_THROWS_AS(db.merges().merge("", bad), NotFound);
    t.commit();
    CHECK(db.customers().get(kept.id.to_string()).display_name == "新人");
}

TEST_CASE_METHOD(MergeStore, "undo is refused when the survivor changed after the merge", "[store][merge]") {
    auto r = db.merges().merge(d.a.id.to_string(), ids);
    db.customers().update(d.a.id.to_string(), R"({"notes":"called back"})", r.survivor.version);
    const std::string changed = dump(path, true);
    CHECK_THROWS_WITH(db.merges().unmerge(r.merge_id.to_string()), Catch::Contains("would lose those changes"));
    CHECK(dump(path, true) == changed);

    // Merges of one survivor are undone newest first.
    Customer c = db.customers().create(clt_test::person("张", "伟", "zw3@example.com"));
    std::vector<std::string> two{d.a.id.to_string(), c.id.to_string()};
    auto second = db.merges().merge(d.a.id.to_string(), two);
    CHECK(db.merges().unmerge(d.a.id.to_string()).id == second.merge_id);
    CHECK(db.customers().get(c.id.to_string()).id == c.id);
}

TEST_CASE("sales merge only their own customers and cannot undo others' merges", "[store][merge]") {
    TempDir dir;
    const auto path = dir / "m.db";
    auto db = clt_test::make_store(path);
    auto d = add_duplicates(db, "li.na");
    Customer toms = db.customers().create([] { auto c = clt_test::person("张", "伟"); c.owner = "tom"; return c; }());
    {
        Database li(path, {.user = "li.na"});
        auto ids = refs({&d.a, &d.b});
        auto r = li.merges().merge("", ids);
        CHECK(li.merges().history().size() == 1);
        CHECK(li.merges().unmerge(r.merge_id.to_string()).undone_by == "li.na");
    }
    // An admin merges tom's customer into li.na's: li.na sees the merge but may not undo it.
    std::vector<std::string> ids{d.a.id.to_string(), toms.id.to_string()};
    auto r = db.merges().merge(d.a.id.to_string(), ids);
    const std::string merged = dump(path, true);
    {
        Database li(path, {.user = "li.na"});
        CHECK(li.customers().get(toms.id.to_string()).id == d.a.id);
        CHECK_THROWS_AS(li.merges().unmerge(r.merge_id.to_string()), PermissionDenied);
        Database tom(path, {.user = "tom"});
        CHECK_THROWS_AS(tom.customers().get(toms.id.to_string()), NotFound);
        CHECK(tom.merges().history().empty());
    }
    CHECK(dump(path, true) == merged);
}

TEST_CASE_METHOD(MergeStore, "the cleanup job merges clusters above the threshold, each on its own", "[store][merge][clusters]") {
    Customer x = db.customers().create(clt_test::person("王", "芳", "wf@example.com"));
    Customer y = db.customers().create(clt_test::person("王", "芳", "WF@example.com"));
    Customer z = db.customers().create(clt_test::person("李", "雷"));
    std::vector<MergeCluster> clusters{
        {{d.a.id.to_string(), d.b.id.to_string()}, 0.99, d.a.id.to_string()},
        {{x.id.to_string(), y.id.to_string()}, 0.60, ""},           // uncertain: left for review
        {{z.id.to_string(), "gone-since"}, 0.99, ""},               // fails: the rest still merge
        {{z.id.to_string()}, 1.0, ""},                               // nothing to merge
    };
    auto outcomes = db.merges().apply(clusters, 0.9);
    REQUIRE(outcomes.size() == 4);
    CHECK(outcomes[0].action == ClusterOutcome::Action::merged);
    CHECK(outcomes[0].survivor == d.a.id);
    CHECK(outcomes[1].action == ClusterOutcome::Action::review);
    CHECK(outcomes[2].action == ClusterOutcome::Action::failed);
    CHECK(outcomes[2].error == ErrorCode::not_found);
    CHECK(outcomes[3].action == ClusterOutcome::Action::single);
    CHECK(to_json(outcomes[2])["error"] == "not_found");
    CHECK(db.customers().count({.status = CustomerStatus::merged}) == 1);
    CHECK(db.customers().get(y.id.to_string()).id == y.id);
    CHECK(db.merges().unmerge(outcomes[0].merge_id.to_string()).status == MergeStatus::undone);
    {
        Database viewer(path, {.user = "vic"});
        CHECK_THROWS_AS(viewer.merges().apply(clusters, 0.5), PermissionDenied);
    }
}

TEST_CASE("create can reject or auto-merge a customer the matcher finds", "[store][merge][create]") {
    TempDir dir;
    const auto path = dir / "m.db";
    auto db = clt_test::make_store(path);
    Customer existing = db.customers().create(clt_test::person("张", "伟", "zhang.wei@example.com"));
    // A stand-in matcher: same normalized email = score 1. The real one comes from dedupe.
    CreateOptions options;
    options.threshold = 0.9;
    options.find_duplicates = [&db](const Customer& c) {
        std::vector<DuplicateMatch> out;
        for (const auto& e : c.emails)
            for (const auto& found : db.customers().find_by_email(e.normalized)) out.push_back({found.id.to_string(), 1.0});
        return out;
    };
    const std::string before = dump(path, true);
    options.on_duplicate = OnDuplicate::reject;
    CHECK_THROWS_AS(db.customers().create(clt_test::person("张", "伟", "Zhang.Wei@Example.com "), options), Conflict);
    CHECK(dump(path, true) == before);

    options.on_duplicate = OnDuplicate::merge;
    Customer dup = clt_test::person("張", "偉", "ZHANG.WEI@example.com", "13812345678");
    Customer survivor = db.customers().create(dup, options);
    CHECK(survivor.id == existing.id);
    CHECK(survivor.phones.size() == 1);
    CHECK(db.customers().count({.status = CustomerStatus::merged}) == 1);
    CHECK(db.merges().history().size() == 1);

    // No match: created as usual.
    Customer fresh = db.customers().create(clt_test::person("李", "雷", "li@example.com"), options);
    CHECK(fresh.id != existing.id);
    CHECK(db.customers().count({.status = CustomerStatus::active}) == 2);
}

TEST_CASE("the cleanup converges: a second run merges nothing, and two copies of a store end alike",
          "[store][merge][clusters]") {
    TempDir dir;
    auto fill = [](Database& db) {
        static const char* given[] = {"Anna", "Ben", "Carla", "David", "Elena", "Felix", "Grace", "Henry"};
        static const char* family[] = {"Meyer", "Schmidt", "Fischer", "Weber", "Wagner", "Becker", "Koch"};
        for (int i = 0; i < 120; ++i) {
            Customer c = clt_test::person(family[i % 7], given[(i * 3) % 8], "p" + std::to_string(i) + "@example.com",
                                          "+49 151 " + std::to_string(1000000 + i * 7919));
            c.birthday = parse_date(std::to_string(1950 + i % 40) + "-0" + std::to_string(1 + i % 9) + "-1" +
                                    std::to_string(i % 10));
            db.customers().create(c);
            if (i % 4 == 0) {  // a second sign-up without the email, typed by another clerk
                c.emails.clear();
                db.customers().create(c);
            }
        }
        // One person in three pieces: the first two share a phone, the third shares only the
        // email the second brings; the merged survivor holds both.
        db.customers().create(clt_test::person("张", "伟", "", "138-1234-5678"));
        db.customers().create(clt_test::person("张", "伟", "zhang.wei@example.com", "+86 13812345678"));
        db.customers().create(clt_test::person("张", "伟", "Zhang.Wei@example.com"));
    };
    Database a = clt_test::make_store(dir / "a.db");
    Database b = clt_test::make_store(dir / "b.db");
    fill(a);
    fill(b);
    DeduplicateResult first = a.merges().deduplicate();
    CHECK(first.merged >= 31);
    CHECK(first.failed == 0);
    const auto active = a.customers().count({.status = CustomerStatus::active});
    DeduplicateResult second = a.merges().deduplicate();
    CHECK(second.merged == 0);
    CHECK(second.passes == 1);
    CHECK(a.customers().count({.status = CustomerStatus::active}) == active);

    DeduplicateResult other = b.merges().deduplicate();
    CHECK(other.merged == first.merged);
    CHECK(other.passes == first.passes);
    CHECK(b.customers().count({.status = CustomerStatus::active}) == active);
}

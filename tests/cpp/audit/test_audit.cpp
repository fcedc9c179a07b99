// The audit trail (docs/audit.md): every change recorded with who, when and which layer, in
// the change's transaction; the hash chain catches edited, removed and moved entries;
// erasure keeps the fact and drops the data; retention keeps the chain verifiable.
#include <sstream>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

std::vector<AuditEntry> all(Database& db) {
    AuditFilter f;
    f.limit = 10000;
    auto entries = db.audit().list(f);
    std::reverse(entries.begin(), entries.end());  // oldest first
    return entries;
}

std::vector<std::string> actions(Database& db) {
    std::vector<std::string> out;
    for (const auto& e : all(db)) out.push_back(e.action);
    return out;
}

AuditEntry last(const std::vector<AuditEntry>& entries, std::string_view action) {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (it->action == action) return *it;
    FAIL("no entry " << action);
    throw;
}

Customer patch(Database& db, std::string_view ref, std::string_view json) {
    return db.customers().update(ref, json, db.customers().get(ref).version);
}

nlohmann::json detail(const AuditEntry& e) { return nlohmann::json::parse(e.detail); }

Customer make(Database& db, const char* ext, const char* phone = "13812345678") {
    Customer c = clt_test::person("张", "伟", "", phone);
    c.external_id = ext;
    return db.customers().create(c);
}

}  // namespace

TEST_CASE("every kind of change is recorded with who, when, which layer and what changed", "[audit]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const auto before = now_utc() - std::chrono::seconds(1);
    const Customer c = make(db, "A1");
    patch(db, "A1", R"({"notes": "VIP since 2020", "job_title": "CFO"})");
    db.customers().add_tags("A1", std::vector<std::string>{"vip"});
    db.customers().archive("A1");
    Interaction i;
    i.customer_id = c.id;
    i.kind = InteractionKind::call;
    i.occurred_at = parse_timestamp("2024-05-01T10:00:00Z");
    db.interactions().add(i);
    PointsEntry p;
    p.kind = PointsKind::earn;
    p.points = 120;
    p.reason = "order O-1";
    db.points().record("A1", p);
    db.settings().set("default_currency", "usd");
    db.users().update("tom", R"({"role": "manager"})");

    const auto entries = all(db);
    REQUIRE(entries.size() >= 8);
    for (const auto& e : entries) {
        CHECK(e.layer == "c++");
        CHECK(e.at >= before);
    }
    const auto& create = last(entries, "customer.create");
    CHECK(create.user == "admin");
    CHECK(create.customer == c.id);
    const auto upd = detail(last(entries, "customer.update"));
    // The tag change is the last update; the field change is the one before it.
    CHECK(upd["changes"]["tags"]["after"] == nlohmann::json::array({"vip"}));
    bool saw_fields = false;
    for (const auto& e : entries)
        if (e.action == "customer.update" && detail(e)["changes"].contains("notes")) {
            const auto ch = detail(e)["changes"];
            CHECK(ch["notes"]["before"].is_null());
            CHECK(ch["notes"]["after"] == "VIP since 2020");
            CHECK(ch["job_title"]["after"] == "CFO");
            CHECK_FALSE(ch.contains("version"));
            CHECK_FALSE(ch.contains("updated_at"));
            saw_fields = true;
        }
    CHECK(saw_fields);
    CHECK(detail(last(entries, "customer.archive"))["changes"]["status"]["after"] == "archived");
    CHECK(detail(last(entries, "interaction.create"))["kind"] == "call");
    CHECK(detail(last(entries, "points.earn"))["points"] == 120);
    const auto& setting = last(entries, "settings.set");
    CHECK(setting.target == "default_currency");
    CHECK(detail(setting)["before"] == "CNY");
    CHECK(detail(setting)["after"] == "USD");
    const auto& role = last(entries, "user.update");
    CHECK(role.target == "tom");
    CHECK(detail(role)["changes"]["role"]["before"] == "sales");
    CHECK(detail(role)["changes"]["role"]["after"] == "manager");
    CHECK(last(entries, "user.create").target == "vic");
    CHECK(db.audit().verify().ok);
}

TEST_CASE("a failed or rolled-back change leaves no entry", "[audit]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    make(db, "A1");
    const auto n = all(db).size();
    CHECK_THROWS_AS(make(db, "A1"), Conflict);  // the external id is taken
    PointsEntry redeem;
    redeem.kind = PointsKind::redeem;
    redeem.points = -5;
    CHECK_THROWS_AS(db.points().record("A1", redeem), InvalidInput);  // below zero
    {
        auto t = db.transaction();
        make(db, "B1");
        patch(db, "A1", R"({"notes": "x"})");
        t.rollback();
    }
    CHECK(all(db).size() == n);
    {
        auto t = db.transaction();
        make(db, "C1");
        t.commit();
    }
    CHECK(all(db).size() == n + 1);
    const auto v = db.audit().verify();
    CHECK(v.ok);
    CHECK(v.last_id == static_cast<std::int64_t>(n + 1));
}

TEST_CASE("an import records each row it changed, with its file and line, and a summary", "[audit][import]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    make(db, "K1", "13900000001");
    std::istringstream csv("external_id,name,phone\nK1,张伟,13900000001\nK2,李娜,13900000002\nK3,王芳,13900000003\n");
    ImportOptions o;
    const auto r = db.importer().customers(csv, "members.csv", o);
    REQUIRE(r.committed);
    const auto entries = all(db);
    int rows = 0;
    for (const auto& e : entries) {
        if (e.action != "customer.create" && e.action != "customer.update") continue;
        const auto d = detail(e);
        if (!d.contains("source")) continue;
        CHECK(d["source"]["file"] == "members.csv");
        CHECK(d["source"]["line"].get<int>() >= 2);
        ++rows;
    }
    CHECK(rows == static_cast<int>(r.created + r.updated));
    const auto& summary = last(entries, "import");
    CHECK(summary.target == "members.csv");
    CHECK(detail(summary)["created"] == r.created);
    CHECK(detail(summary)["records"] == "customers");

    // A refused import writes nothing, its entries included.
    const auto n = entries.size();
    std::istringstream bad("external_id,name,phone\nK9,赵六,13900000009\nK10,,not-a-phone\n");
    CHECK_FALSE(db.importer().customers(bad, "bad.csv", o).committed);
    CHECK(all(db).size() == n);
}

TEST_CASE("merges, unmerges, exports and marketing lists are recorded", "[audit][merge]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const Customer a = make(db, "M1", "13900000001");
    const Customer b = make(db, "M2", "13900000002");
    const std::vector<std::string> ids{"M2"};
    const auto m = db.merges().merge("M1", ids);
    auto entries = all(db);
    CHECK(last(entries, "merge").customer == a.id);
    CHECK(last(entries, "merge").target == m.merge_id.to_string());
    CHECK(last(entries, "merge.merged").customer == b.id);
    db.merges().unmerge(m.merge_id.to_string());
    CHECK(last(all(db), "unmerge").target == m.merge_id.to_string());

    std::ostringstream out;
    ExportOptions e;
    e.customers.consented = ConsentChannel::sms;
    db.exporter().customers(out, e);
    const auto& exported = last(all(db), "export");
    CHECK(detail(exported)["purpose"]["marketing"] == "sms");
    CHECK(detail(exported)["records"] == "customers");
    db.exporter().customers(dir / "out.csv");
    CHECK(last(all(db), "export").target == (dir / "out.csv").string());

    CustomerFilter f;
    f.consented = ConsentChannel::email;
    db.customers().list(f);
    CHECK(detail(last(all(db), "customers.list"))["purpose"]["marketing"] == "email");
    CHECK(db.audit().verify().ok);
}

TEST_CASE("in a long transaction, failed operations leave no entry, before or after the kept entries are written out",
          "[audit]") {
    // Entries wait in the session and are written in batches (store::audit): a failed
    // operation's entries must go whether or not a batch was written since it began, and
    // the chain must go on from the last kept entry.
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    const auto n = all(db).size();
    std::size_t kept = 0;
    {
        auto t = db.transaction();
        for (int i = 0; i < 1500; ++i) {
            const std::string ext = "L" + std::to_string(i);
            make(db, ext.c_str());
            ++kept;
            if (i % 97 == 0) CHECK_THROWS_AS(make(db, ext.c_str()), Conflict);  // its savepoint rolled back
            if (i % 131 == 0) {
                // An import that fails at its last row after its first rows made entries:
                // rolled back to its savepoint, their entries must go too.
                // Once long enough that entries are written out while it runs.
                std::string rows = "external_id,name,birthday\n";
                for (int k = 0; k < (i == 262 ? 700 : 2); ++k) rows += "I" + std::to_string(i) + "-" + std::to_string(k) + ",张伟,\n";
                std::istringstream csv(rows + "bad" + std::to_string(i) + ",王芳,not a date\n");
                const auto r = db.importer().customers(csv, "bad.csv", ImportOptions{});
                CHECK_FALSE(r.committed);
            }
        }
        // Reading the trail inside the transaction sees its own entries.
        CHECK(all(db).size() == n + kept);
        t.commit();
    }
    const auto entries = all(db);
    REQUIRE(entries.size() == n + kept);
    for (std::size_t k = 0; k < entries.size(); ++k) CHECK(entries[k].id == static_cast<std::int64_t>(k + 1));
    const auto v = db.audit().verify();
    CHECK(v.ok);
    CHECK(v.last_id == static_cast<std::int64_t>(n + kept));
    {
        auto t = db.transaction();
        for (int i = 0; i < 700; ++i) make(db, ("R" + std::to_string(i)).c_str());
        t.rollback();
    }
    CHECK(all(db).size() == n + kept);
    make(db, "after");
    CHECK(db.audit().verify().ok);
    CHECK(all(db).back().id == static_cast<std::int64_t>(n + kept + 1));
}

TEST_CASE("logins and refused logins are recorded, with the name given", "[audit][auth]") {
    TempDir dir;
    const auto path = dir / "a.db";
    {
        auto db = clt_test::make_store(path);
        db.auth().reset_password("admin", "correct horse battery");
        db.settings().set("auth.required", "on");
    }
    CHECK_THROWS_AS(Database(path, {.user = "admin", .password = "wrong guess here"}), PermissionDenied);
    CHECK_THROWS_AS(Database(path, {.user = "nobody", .password = "wrong guess here"}), PermissionDenied);
    Database db(path, {.user = "admin", .password = "correct horse battery"});
    const auto entries = all(db);
    std::vector<std::pair<std::string, std::string>> auth;
    for (const auto& e : entries)
        if (e.action.starts_with("auth.")) auth.emplace_back(e.action, e.target);
    CHECK(std::find(auth.begin(), auth.end(), std::pair<std::string, std::string>{"auth.failed", "admin"}) != auth.end());
    CHECK(std::find(auth.begin(), auth.end(), std::pair<std::string, std::string>{"auth.failed", "nobody"}) != auth.end());
    CHECK(auth.back() == std::pair<std::string, std::string>{"auth.ok", "admin"});
    // The detail is an object naming how the user tried, not a JSON text inside a string.
    CHECK(detail(last(entries, "auth.failed")) == nlohmann::json{{"method", "password"}});
    CHECK(db.audit().verify().ok);
}

TEST_CASE("verify finds an entry edited, removed, moved, cut from the end, or a rewritten trail", "[audit][verify]") {
    TempDir dir;
    const auto path = dir / "a.db";
    {
        auto db = clt_test::make_store(path);
        for (const char* ext : {"V1", "V2", "V3"}) make(db, ext, "13900000001");
        patch(db, "V1", R"({"notes": "n"})");
        REQUIRE(db.audit().verify().ok);
    }
    const auto pristine = clt_test::read_file(path);
    const auto restore = [&] {
        std::filesystem::remove(path.string() + "-wal");
        std::ofstream(path, std::ios::binary) << pristine;
    };
    const auto fails = [&](const std::string& sql) {
        restore();
        clt_test::exec_raw(path, sql);
        Database db(path, {.user = "admin"});
        const auto v = db.audit().verify();
        CAPTURE(sql);
        CHECK_FALSE(v.ok);
        CHECK_FALSE(v.problems.empty());
        return v;
    };
    fails("UPDATE audit_log SET username = 'mallory' WHERE id = 8");
    fails("UPDATE audit_log SET detail = '{\"changes\":{}}' WHERE action = 'customer.update'");
    fails("DELETE FROM audit_log WHERE id = 8");
    fails("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    fails("UPDATE audit_log SET id = -1 WHERE id = 8; UPDATE audit_log SET id = 8 WHERE id = 9; "
          "UPDATE audit_log SET id = 9 WHERE id = -1");
    fails("UPDATE audit_log SET at = at - 86400 WHERE id = 9");

    // A forger who rewrites the chain from some entry on, head included, is caught by an
    // anchor kept outside the file.
    restore();
    std::int64_t anchor_id = 0;
    std::string anchor_hash;
    {
        Database db(path, {.user = "admin"});
        const auto v = db.audit().verify();
        REQUIRE(v.ok);
        anchor_id = v.last_id;
        anchor_hash = v.head_hash;
        CHECK(db.audit().verify(anchor_id, anchor_hash).ok);
        CHECK_FALSE(db.audit().verify(anchor_id, std::string(64, '0')).ok);
    }
    clt_test::exec_raw(path, "DELETE FROM audit_log WHERE id = " + std::to_string(anchor_id) +
                                 "; UPDATE audit_state SET head_id = head_id - 1, head_hash = "
                                 "(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)");
    Database db(path, {.user = "admin"});
    CHECK(db.audit().verify().ok);  // consistent in itself...
    CHECK_FALSE(db.audit().verify(anchor_id, anchor_hash).ok);  // ...but not with the anchor
}

TEST_CASE("erasing or anonymising a person keeps the entries' facts and drops their data", "[audit][privacy]") {
    TempDir dir;
    const auto path = dir / "a.db";
    auto db = clt_test::make_store(path);
    const Customer gone = make(db, "E1", "13911112222");
    patch(db, "E1", R"({"notes": "allergic to peanuts"})");
    const Customer anon = make(db, "E2", "13933334444");
    patch(db, "E2", R"({"notes": "lives alone"})");
    const Customer kept = make(db, "E3", "13955556666");
    patch(db, "E3", R"({"notes": "keeps this"})");

    db.customers().remove("E1");
    db.privacy().anonymize("E2");
    AuditFilter about;
    about.customer = gone.id.to_string();  // erased: found by its UUID
    const auto erased = db.audit().list(about);
    REQUIRE(erased.size() == 3);  // create, update, delete
    for (const auto& e : erased) CHECK((e.redacted || e.action == "customer.delete"));
    CHECK(erased.front().action == "customer.delete");
    about.customer = anon.id.to_string();  // anonymised: its external id is gone
    for (const auto& e : db.audit().list(about))
        if (e.action != "customer.anonymize") CHECK(e.redacted);
    about.customer = "E3";
    for (const auto& e : db.audit().list(about)) CHECK_FALSE(e.redacted);

    const auto v = db.audit().verify();
    CHECK(v.ok);
    CHECK(v.redacted == 4);
    const auto file = clt_test::dump(path, true);
    CHECK(file.find("allergic") == std::string::npos);
    CHECK(file.find("lives alone") == std::string::npos);
    CHECK(file.find("keeps this") != std::string::npos);
}

TEST_CASE("entries about a customer are found and erased both from the batch-built index and after it", "[audit][privacy]") {
    // audit_customers is filled in batches (schema v8); a v7 file's entries go in when it is
    // migrated. Lookups and erasure must reach the indexed entries and the ones after.
    TempDir dir;
    const auto path = dir / "a.db";
    {
        auto db = clt_test::make_store(path);
        make(db, "M1", "13911112222");
        patch(db, "M1", R"({"notes": "old secret"})");
        make(db, "M2", "13933334444");
    }
    // Back to version 7's layout: both hashes stored (a detail_hash that is never read
    // again for a detail that is there), and an index on customer.
    clt_test::exec_raw(path, clt_test::kUndoAfterV8 +
                       "CREATE TABLE v7 (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, username TEXT NOT NULL, "
                       "layer TEXT NOT NULL, action TEXT NOT NULL, customer BLOB, target TEXT NOT NULL DEFAULT '', "
                       "detail TEXT, detail_hash BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL); "
                       "INSERT INTO v7 SELECT id, at, username, layer, action, customer, target, detail, "
                       "coalesce(detail_hash, zeroblob(32)), coalesce(lag(hash) OVER (ORDER BY id), zeroblob(32)), hash "
                       "FROM audit_log; DROP TABLE audit_log; ALTER TABLE v7 RENAME TO audit_log; "
                       "DROP TABLE audit_customers; ALTER TABLE audit_state DROP COLUMN indexed_through; "
                       "CREATE INDEX audit_log_customer ON audit_log(customer) WHERE customer IS NOT NULL; "
                       "PRAGMA user_version = 7;");
    Database db(path, {.user = "admin"});
    patch(db, "M1", R"({"notes": "new secret"})");  // after the index
    AuditFilter about;
    about.customer = "M1";
    auto entries = db.audit().list(about);
    REQUIRE(entries.size() == 3);  // create and update (indexed at the migration), update (after)
    CHECK(entries[0].action == "customer.update");
    CHECK(entries[2].action == "customer.create");
    about.customer = "M2";
    CHECK(db.audit().list(about).size() == 1);
    db.customers().remove("M1");
    about.customer = entries[0].customer->to_string();
    entries = db.audit().list(about);
    REQUIRE(entries.size() == 4);
    for (const auto& e : entries) CHECK((e.redacted || e.action == "customer.delete"));
    CHECK(db.audit().verify().ok);
    const auto file = clt_test::dump(path, true);
    CHECK(file.find("old secret") == std::string::npos);
    CHECK(file.find("new secret") == std::string::npos);
}

TEST_CASE("a subject export holds the audit entries about the person", "[audit][privacy]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    make(db, "S1");
    patch(db, "S1", R"({"notes": "n"})");
    db.privacy().subject_export("S1", dir / "out");
    const auto doc = nlohmann::json::parse(clt_test::read_file(dir / "out" / "subject.json"));
    REQUIRE(doc["audit"].size() == 2);
    CHECK(doc["audit"][0]["action"] == "customer.update");
    CHECK(last(all(db), "privacy.subject_export").target == (dir / "out").string());
}

TEST_CASE("retention prunes old entries and the chain still verifies from the first kept", "[audit][retention]") {
    TempDir dir;
    const auto path = dir / "a.db";
    auto db = clt_test::make_store(path);
    for (const char* ext : {"R1", "R2", "R3"}) make(db, ext, "13900000001");
    CHECK(db.audit().prune(now_utc() + std::chrono::hours(24 * 400)) == 0);  // retention 0: keep for ever
    db.settings().set("audit.retention_days", "30");
    const auto before = db.audit().verify();
    const auto removed = db.audit().prune(now_utc() + std::chrono::hours(24 * 31));
    CHECK(removed == before.entries);
    auto v = db.audit().verify();
    CHECK(v.ok);
    CHECK(v.pruned_through == before.last_id);
    CHECK(v.entries == 1);  // the prune's own entry
    CHECK(all(db).front().action == "audit.prune");
    CHECK(all(db).front().id == before.last_id + 1);
    make(db, "R4", "13900000004");
    CHECK(db.audit().verify().ok);
    CHECK_THROWS_AS(db.settings().set("audit.retention_days", "-3"), InvalidInput);
}

TEST_CASE("reading the trail is an admin's; turning auditing off is itself recorded", "[audit][access]") {
    TempDir dir;
    const auto path = dir / "a.db";
    { auto db = clt_test::make_store(path); }
    Database sales(path, {.user = "li.na"});
    CHECK_THROWS_AS(sales.audit().list(), PermissionDenied);
    CHECK(sales.audit().verify().ok);  // shows no content
    CHECK_THROWS_AS(sales.audit().prune(now_utc()), PermissionDenied);

    Database db(path, {.user = "admin"});
    db.settings().set("audit", "off");
    make(db, "O1");
    const auto entries = all(db);
    CHECK(entries.back().action == "settings.set");
    CHECK(entries.back().target == "audit");
    db.settings().set("audit", "on");
    CHECK(all(db).back().action == "settings.set");
    CHECK(db.audit().verify().ok);
}

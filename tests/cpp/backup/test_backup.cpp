// Backups: a restore gives back the store as it was, a backup taken under writers is one
// committed state, and every change to the file, a wrong key or an existing target is
// refused with nothing written.
#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

/// A store with customers, an interaction, points and a deleted customer.
Database filled_store(const std::filesystem::path& path) {
    Database db = clt_test::make_store(path);
    clt_test::create_owned(db, {{"A-1", "li.na"}, {"A-2", "tom"}, {"A-3", ""}});
    clt_test::buy(db, "A-1", "2026-01-02T03:04:05Z", 12345);
    auto c = db.customers().create(clt_test::person("张", "伟", "zhang.wei@example.com", "+8613812345678"));
    db.customers().remove(c.id.to_string());
    return db;
}

BackupKey key_file(const TempDir& dir, char fill = 'k') {
    write_bytes(dir / ("key-" + std::string(1, fill)), std::string(32, fill));
    return BackupKey{"", dir / ("key-" + std::string(1, fill))};
}

/// True when a file whose name starts with `prefix` is in `folder`.
bool any_file(const std::filesystem::path& folder, const std::string& prefix) {
    for (const auto& e : std::filesystem::directory_iterator(folder))
        if (e.path().filename().string().starts_with(prefix)) return true;
    return false;
}

}  // namespace

TEST_CASE("a restored backup's dump equals the source's at backup time, for each protection") {
    TempDir dir;
    const auto src = dir / "shop.db";
    Database db = filled_store(src);
    const std::string before = clt_test::dump(src, true);
    BackupOptions options;
    SECTION("none") {}
    SECTION("key file") { options.key = key_file(dir); }
    SECTION("passphrase") { options.key.passphrase = "correct horse battery staple"; }
    const BackupManifest written = db.backups().write(dir / "shop.cltbak", options);
    clt_test::buy(db, "A-2", "2026-02-02T03:04:05Z", 1);  // after the backup: not in it

    CHECK(written.customers == 3);  // the deleted one is gone
    CHECK(written.interactions == 1);
    CHECK(written.table_rows.at("users") == 6);
    CHECK(written.schema_version == schema_version());
    CHECK(written.checksum.starts_with("blake2b-256:"));
    CHECK(written.protection == (options.key.passphrase.size() ? "passphrase" : options.key.key_file.empty() ? "none" : "key-file"));

    const BackupManifest restored = restore(dir / "shop.cltbak", dir / "back.db", RestoreOptions{options.key});
    CHECK(restored.checksum == written.checksum);
    CHECK(clt_test::dump(dir / "back.db", true) == before);
    Database reopened(dir / "back.db");
    CHECK(reopened.customers().get("A-1").given_name == "A-1");
}

TEST_CASE("an encrypted backup holds no stored name, email or phone in clear") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    db.customers().create(clt_test::person("Kowalczyk", "Zbigniew", "zbigniew.k@example.com", "+8613900001111"));
    db.backups().write(dir / "b.cltbak", {key_file(dir)});
    const std::string bytes = read_bytes(dir / "b.cltbak");
    for (const char* secret : {"Kowalczyk", "zbigniew.k@example.com", "+8613900001111", "SQLite format"})
        CHECK(bytes.find(secret) == std::string::npos);
}

TEST_CASE("a backup taken while another connection writes is one committed state") {
    TempDir dir;
    const auto src = dir / "shop.db";
    { Database db = clt_test::make_store(src); }
    std::atomic<bool> stop{false};
    std::atomic<int> committed{0};
    std::thread writer([&] {
        Database w(src);
        for (int n = 0; !stop; ++n) {
            // A customer and its purchase commit together: a torn backup would show a
            // customer without its purchase.
            Transaction t = w.transaction();
            auto c = clt_test::person("王", "w" + std::to_string(n));
            c.external_id = "W-" + std::to_string(n);
            w.customers().create(c);
            clt_test::buy(w, c.external_id, "2026-01-01T00:00:00Z", 100);
            t.commit();
            ++committed;
        }
    });
    while (committed < 20) std::this_thread::yield();
    Database db(src);
    const int before = committed;
    const BackupManifest m = db.backups().write(dir / "live.cltbak");
    const int after = committed;
    stop = true;
    writer.join();

    CHECK(m.customers == m.interactions);
    CHECK(m.customers >= before);
    CHECK(m.customers <= after + 1);
    restore(dir / "live.cltbak", dir / "back.db");
    CHECK(clt_test::query_rows(dir / "back.db", "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(clt_test::query_rows(dir / "back.db", "SELECT count(*) FROM customers")[0] == std::to_string(m.customers));
    CHECK(clt_test::query_rows(dir / "back.db",
                               "SELECT count(*) FROM customers c WHERE NOT EXISTS "
                               "(SELECT 1 FROM interactions i WHERE i.customer_id = c.id)")[0] == "0");
}

TEST_CASE("changing any byte of a backup is detected") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    BackupKey key;
    SECTION("encrypted with a key file") { key = key_file(dir); }
    SECTION("not encrypted, checksummed") {}
    db.backups().write(dir / "b.cltbak", {key});
    const std::string good = read_bytes(dir / "b.cltbak");
    REQUIRE(good.size() > 200);
    // Every byte of the header, the manifest frame and the end; every 17th in between
    // (each byte there is sealed the same way, and all of them cost half a minute).
    int detected = 0, tried = 0;
    for (std::size_t at = 0; at < good.size(); at += (at < 1024 || at + 64 > good.size()) ? 1 : 17) {
        ++tried;
        std::string bad = good;
        bad[at] = static_cast<char>(bad[at] ^ 0x01);
        write_bytes(dir / "bad.cltbak", bad);
        try {
            verify_backup(dir / "bad.cltbak", key);
        } catch (const Error& e) {
            ++detected;
            continue;
        }
        FAIL("byte " << at << " of " << good.size() << " changed without notice");
    }
    CHECK(detected == tried);
    // Cut short anywhere, or with bytes appended.
    for (std::size_t keep : {std::size_t{0}, std::size_t{10}, good.size() / 2, good.size() - 1}) {
        write_bytes(dir / "bad.cltbak", good.substr(0, keep));
        CHECK_THROWS_AS(verify_backup(dir / "bad.cltbak", key), CorruptData);
    }
    write_bytes(dir / "bad.cltbak", good + "x");
    CHECK_THROWS_AS(verify_backup(dir / "bad.cltbak", key), CorruptData);
    CHECK(verify_backup(dir / "b.cltbak", key).customers == 3);
}

TEST_CASE("a wrong passphrase or key is refused and nothing is written") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    SECTION("passphrase") {
        db.backups().write(dir / "b.cltbak", {BackupKey{"right", {}}});
        CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "back.db", {BackupKey{"wrong", {}}}), PermissionDenied);
        CHECK_THROWS_AS(verify_backup(dir / "b.cltbak", BackupKey{"wrong", {}}), PermissionDenied);
        CHECK_THROWS_AS(verify_backup(dir / "b.cltbak"), InvalidInput);  // no passphrase at all
    }
    SECTION("key file") {
        db.backups().write(dir / "b.cltbak", {key_file(dir, 'a')});
        CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "back.db", {key_file(dir, 'b')}), PermissionDenied);
    }
    SECTION("a key for a plain backup") {
        db.backups().write(dir / "b.cltbak");
        CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "back.db", {BackupKey{"x", {}}}), InvalidInput);
    }
    CHECK_FALSE(any_file(dir / ".", "back.db"));
    CHECK_FALSE(any_file(dir / ".", ".back.db"));  // no temporary restore left behind
    CHECK_FALSE(any_file(dir / ".", ".b.cltbak"));
}

TEST_CASE("restoring onto an existing file needs force, and leaves it untouched without") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    db.backups().write(dir / "b.cltbak");
    write_bytes(dir / "existing.db", "precious");
    CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "existing.db"), Conflict);
    CHECK(read_bytes(dir / "existing.db") == "precious");

    // The replaced file is not a database: its erasures cannot be read, so the restore
    // stops until told to go on without them.
    CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "existing.db", RestoreOptions{{}, true}), CorruptData);
    CHECK(read_bytes(dir / "existing.db") == "precious");

    // A stale WAL of the replaced file must not be replayed into the restored one.
    write_bytes(dir / "existing.db-wal", "stale");
    RestoreOptions forced{{}, true};
    forced.ignore_erasures = true;
    restore(dir / "b.cltbak", dir / "existing.db", forced);
    CHECK_FALSE(std::filesystem::exists(dir / "existing.db-wal"));
    CHECK(clt_test::dump(dir / "existing.db", true) == clt_test::dump(dir / "shop.db", true));
}

TEST_CASE("only an admin backs up, never onto the database's own files nor inside a transaction") {
    TempDir dir;
    { Database db = filled_store(dir / "shop.db"); }
    Database sales(dir / "shop.db", {.user = "li.na"});
    CHECK_THROWS_AS(sales.backups().write(dir / "b.cltbak"), PermissionDenied);
    Database db(dir / "shop.db");
    const std::string before = read_bytes(dir / "shop.db");
    CHECK_THROWS_AS(db.backups().write(dir / "shop.db"), InvalidInput);
    CHECK_THROWS_AS(db.backups().write(dir / "shop.db-wal"), InvalidInput);
    CHECK(read_bytes(dir / "shop.db") == before);
    {
        Transaction t = db.transaction();
        CHECK_THROWS_AS(db.backups().write(dir / "b.cltbak"), InvalidInput);
    }
    CHECK_THROWS_AS(db.backups().write(dir / "b.cltbak", {BackupKey{"p", dir / "missing-key"}}), InvalidInput);
    CHECK_FALSE(std::filesystem::exists(dir / "b.cltbak"));
}

TEST_CASE("a backup replaces the previous one only when complete") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    db.backups().write(dir / "b.cltbak");
    const std::string first = read_bytes(dir / "b.cltbak");
    // A backup that fails midway (here: a key file that cannot be read) leaves the old one.
    CHECK_THROWS(db.backups().write(dir / "b.cltbak", {BackupKey{"", dir / "nope"}}));
    CHECK(read_bytes(dir / "b.cltbak") == first);
    CHECK_FALSE(any_file(dir / ".", ".b.cltbak"));  // no temporary left
}

TEST_CASE("rotation keeps the newest backup of each recent day and week") {
    const auto name = [](const char* t) { return rotated_backup_name(parse_timestamp(t)); };
    CHECK(name("2026-12-04T09:25:07Z") == "clientele-20261204T092507Z.cltbak");

    const std::vector<std::string> names = {
        name("2026-12-04T09:00:00Z"), name("2026-12-04T08:00:00Z"),  // Fri: newest kept
        name("2026-12-03T23:59:59Z"), name("2026-12-03T00:00:00Z"),  // Thu
        name("2026-12-01T12:00:00Z"),                                // Tue
        name("2026-11-29T12:00:00Z"), name("2026-11-28T12:00:00Z"),  // Sun, Sat: week of Nov 23
        name("2026-11-20T12:00:00Z"),                                // week of Nov 16
        name("2026-11-10T12:00:00Z"),                                // week of Nov 9
        "notes.txt", "clientele-2026.cltbak", "clientele-20261399T000000Z.cltbak"};

    // 2 days: Dec 4, Dec 3. 3 weeks: Nov 30 week (Dec 4 09:00), Nov 23 week (Nov 29), Nov 16 week.
    auto doomed = backups_to_delete(names, {2, 3});
    std::sort(doomed.begin(), doomed.end());
    std::vector<std::string> expected = {name("2026-12-04T08:00:00Z"), name("2026-12-03T00:00:00Z"),
                                         name("2026-12-01T12:00:00Z"), name("2026-11-28T12:00:00Z"),
                                         name("2026-11-10T12:00:00Z")};
    std::sort(expected.begin(), expected.end());
    CHECK(doomed == expected);

    // Keeping nothing still keeps the newest; unknown names are never touched.
    auto all = backups_to_delete(names, {0, 0});
    CHECK(all.size() == 8);
    CHECK(std::find(all.begin(), all.end(), name("2026-12-04T09:00:00Z")) == all.end());
    CHECK(backups_to_delete({}, {1, 1}).empty());
    CHECK_THROWS_AS(backups_to_delete(names, {-1, 0}), InvalidInput);
}

TEST_CASE("rotate_backups deletes in the folder what the policy does not keep") {
    TempDir dir;
    std::filesystem::create_directories(dir / "b");
    for (const char* t : {"2026-12-04T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-02T09:00:00Z"})
        write_bytes(dir / "b" / rotated_backup_name(parse_timestamp(t)), "x");
    write_bytes(dir / "b" / "keep-me.txt", "x");
    const auto deleted = rotate_backups(dir / "b", {2, 0});
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].filename() == rotated_backup_name(parse_timestamp("2026-12-02T09:00:00Z")));
    CHECK(std::filesystem::exists(dir / "b" / "keep-me.txt"));
}

TEST_CASE("a backup takes away the snapshot a killed backup left beside its target") {
    TempDir dir;
    Database db = filled_store(dir / "shop.db");
    // What a kill -9 leaves: the clear snapshot, under the name PendingFile gives it. Old,
    // it is taken; a fresh one may be another backup's in progress, and is kept.
    const auto stale = dir / ".b.cltbak.snapshot-Ab12Cd";
    const auto fresh = dir / ".b.cltbak.partial-Ef34Gh";
    const auto other = dir / ".other.cltbak.snapshot-Ij56Kl";
    for (const auto& p : {stale, fresh, other}) write_bytes(p, "SQLite format 3 ...");
    const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
    std::filesystem::last_write_time(stale, old);
    std::filesystem::last_write_time(other, old);
    db.backups().write(dir / "b.cltbak");
    CHECK_FALSE(std::filesystem::exists(stale));
    CHECK(std::filesystem::exists(fresh));
    CHECK(std::filesystem::exists(other));  // another target's files are not this backup's
    CHECK(verify_backup(dir / "b.cltbak").customers == 3);
}

TEST_CASE("a restore does not bring back customers erased or anonymized after the backup") {
    TempDir dir;
    const auto live = dir / "shop.db";
    std::string erased, anonymized, kept, later;
    {
        Database db = filled_store(live);
        erased = db.customers().create(clt_test::person("王", "芳", "wang.fang@example.com", "+8613900000001")).id.to_string();
        anonymized = db.customers().create(clt_test::person("Ann", "Lee", "ann.lee@example.com", "+8613900000002")).id.to_string();
        kept = db.customers().create(clt_test::person("Bo", "Chen", "bo.chen@example.com", "+8613900000003")).id.to_string();
        db.backups().write(dir / "b.cltbak");
        db.customers().remove(erased);
        db.privacy().anonymize(anonymized);
        // Made and erased after the backup: not in it, nothing to do.
        later = db.customers().create(clt_test::person("Di", "Wu", "di.wu@example.com", "+8613900000004")).id.to_string();
        db.customers().remove(later);
    }
    const auto after_erasures = clt_test::dump(live, true);

    SECTION("over the live database (force): its register is re-applied") {
        RestoreOptions o{{}, true};
        const RestoreResult r = restore(dir / "b.cltbak", live, o);
        CHECK(r.erasures_reapplied == 2);
        CHECK(r.erasures_left.empty());
    }
    SECTION("to a new file, with the register of another copy") {
        RestoreOptions o;
        o.erasures_from = live;
        const RestoreResult r = restore(dir / "b.cltbak", dir / "new.db", o);
        CHECK(r.erasures_reapplied == 2);
        CHECK(clt_test::dump(live, true) == after_erasures);  // the source is only read
        std::filesystem::copy_file(dir / "new.db", live, std::filesystem::copy_options::overwrite_existing);
    }
    Database back(live);
    CHECK_THROWS_AS(back.customers().get(erased), NotFound);
    const Customer anon = back.customers().get(anonymized);
    CHECK(anon.status == CustomerStatus::anonymized);
    CHECK(anon.emails.empty());
    CHECK(back.customers().get(kept).emails.at(0).address == "bo.chen@example.com");
    // Not a byte of the erased people is left in the file or its search index.
    back = Database(live);  // the WAL folded in
    const auto bytes = read_bytes(live) + read_bytes(live.string() + "-wal");
    CHECK(bytes.find("wang.fang") == std::string::npos);
    CHECK(bytes.find("13900000001") == std::string::npos);
    CHECK(bytes.find("ann.lee") == std::string::npos);
    CHECK(bytes.find("bo.chen") != std::string::npos);
    // The re-application is audited as the library's own restore actor.
    const auto trail = back.audit().list({});
    const auto by_restore = std::count_if(trail.begin(), trail.end(), [](const AuditEntry& e) {
        return e.user == "(restore)" && e.layer == "restore";
    });
    CHECK(by_restore >= 2);
}

TEST_CASE("a restore whose erasures cannot be read replaces nothing; ignore_erasures goes on without them") {
    TempDir dir;
    const auto live = dir / "shop.db";
    std::string erased;
    {
        Database db = filled_store(live);
        erased = db.customers().create(clt_test::person("王", "芳", "wang.fang@example.com", "+8613900000001")).id.to_string();
        db.backups().write(dir / "b.cltbak");
        db.customers().remove(erased);
    }
    RestoreOptions o;
    o.erasures_from = dir / "missing.db";
    CHECK_THROWS(restore(dir / "b.cltbak", dir / "new.db", o));
    CHECK_FALSE(std::filesystem::exists(dir / "new.db"));
    o.erasures_from.clear();
    o.ignore_erasures = true;
    CHECK(restore(dir / "b.cltbak", dir / "new.db", o).erasures_reapplied == 0);
    Database back(dir / "new.db");
    CHECK(back.customers().get(erased).emails.at(0).address == "wang.fang@example.com");
}

TEST_CASE("a database made before the register of erasures: its audit trail says who was erased") {
    TempDir dir;
    const auto live = dir / "shop.db";
    std::string erased;
    {
        Database db = filled_store(live);
        erased = db.customers().create(clt_test::person("王", "芳", "wang.fang@example.com")).id.to_string();
        db.backups().write(dir / "b.cltbak");
        db.customers().remove(erased);
    }
    clt_test::exec_raw(live, std::string(clt_test::kUndoSchemaAfterV8) + "PRAGMA user_version = 8;");
    SECTION("restore reads the trail of a schema-8 file") {
        CHECK(restore(dir / "b.cltbak", dir / "new.db", RestoreOptions{.erasures_from = live}).erasures_reapplied == 1);
    }
    SECTION("opening it migrates: the register is filled from the trail") {
        { Database db(live); }
        CHECK(restore(dir / "b.cltbak", dir / "new.db", RestoreOptions{.erasures_from = live}).erasures_reapplied == 1);
    }
    CHECK_THROWS_AS(Database(dir / "new.db").customers().get(erased), NotFound);
}

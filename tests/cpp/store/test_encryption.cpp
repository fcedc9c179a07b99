// Encryption at rest (docs/security.md): an encrypted store's file and WAL hold none of its
// customers' data, a wrong key is refused without a byte written, a changed page is
// CorruptData, and rekey, backups and the other connections to the file all use the key.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <thread>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << bytes;
}

const std::vector<std::string> kSecrets = {"Quaxley", "Vorpent", "xq.unique@example.org", "13912345678",
                                           "+8613912345678", "Zindelbrot"};

Customer secret_customer(int n) {
    return clt_test::person("Vorpent" + std::to_string(n), "Quaxley", n == 0 ? "xq.unique@example.org" : "",
                            n == 0 ? "139 1234 5678" : "");
}

// Which of the secrets the bytes hold.
std::vector<std::string> leaked(const std::string& bytes) {
    std::vector<std::string> out;
    for (const auto& s : kSecrets)
        if (bytes.find(s) != std::string::npos) out.push_back(s);
    return out;
}

OpenOptions with_passphrase(std::string p, bool create = false) {
    OpenOptions o;
    o.create = create;
    o.encryption.passphrase = std::move(p);
    return o;
}

OpenOptions with_key(std::string k, bool create = false) {
    OpenOptions o;
    o.create = create;
    o.encryption.key = std::move(k);
    return o;
}

const std::string kHexKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

}  // namespace

TEST_CASE("an encrypted store's file and WAL hold none of its names, emails or phones") {
    TempDir dir;
    const auto path = dir / "shop.db";
    const auto wal = dir / "shop.db-wal";
    {
        Database db(path, with_passphrase("correct horse", true));
        for (int n = 0; n < 50; ++n) db.customers().create(secret_customer(n));
        auto c = secret_customer(99);
        c.notes = "Zindelbrot";
        db.customers().create(c);
        // In the WAL, not yet checkpointed.
        REQUIRE(clt_test::read_file(wal).size() > 0);
        CHECK(leaked(clt_test::read_file(wal)).empty());
        CHECK(leaked(clt_test::read_file(path)).empty());
        CHECK(clt_test::read_file(path).compare(0, 16, std::string("SQLite format 3\0", 16)) != 0);
        Database other(path, with_passphrase("correct horse"));
        CHECK(other.customers().search("Quaxley").size() > 0);
    }
    // Closing the last connection checkpoints everything into the main file.
    REQUIRE(clt_test::read_file(path).size() > 10 * 4096);
    CHECK(leaked(clt_test::read_file(path)).empty());
    CHECK(leaked(clt_test::read_file(wal)).empty());
    Database db(path, with_passphrase("correct horse"));
    CHECK(db.customers().search("xq.unique@example.org").size() == 1);
    CHECK(db.stats().customers == 51);
}

TEST_CASE("a wrong key is refused with WrongKey and the file's bytes stay as they were") {
    TempDir dir;
    const auto path = dir / "shop.db";
    { Database db(path, with_passphrase("right one", true)); db.customers().create(secret_customer(0)); }
    const std::string before = clt_test::read_file(path);
    CHECK_THROWS_AS(Database(path, with_passphrase("wrong one")), WrongKey);
    CHECK_THROWS_WITH(Database(path, with_key(kHexKey)), Catch::Contains("wrong key, or not an encrypted clientele database"));
    CHECK(clt_test::read_file(path) == before);
    CHECK_FALSE(std::filesystem::exists(dir / "shop.db-wal"));
    // Without a key, the file is not taken for a database at all, and the error says why.
    CHECK_THROWS_AS(Database(path), CorruptData);
    CHECK_THROWS_WITH(Database(path), Catch::Contains("encrypted"));
    CHECK(clt_test::read_file(path) == before);
    // A plain store opened with a key: a clear InvalidInput, not an attempt to decrypt it.
    { Database plain(dir / "plain.db", {.create = true}); }
    CHECK_THROWS_AS(Database(dir / "plain.db", with_key(kHexKey)), InvalidInput);
    // A malformed raw key.
    CHECK_THROWS_AS(Database(dir / "x.db", with_key("short", true)), InvalidInput);
}

TEST_CASE("a raw key opens what it made, as 32 bytes or as 64 hex digits") {
    TempDir dir;
    const auto path = dir / "k.db";
    { Database db(path, with_key(kHexKey, true)); db.customers().create(secret_customer(0)); }
    std::string raw(32, '\0');
    for (std::size_t i = 0; i < 32; ++i) raw[i] = static_cast<char>(std::stoi(kHexKey.substr(2 * i, 2), nullptr, 16));
    Database db(path, with_key(raw));
    CHECK(db.stats().customers == 1);
    CHECK(leaked(clt_test::read_file(path)).empty());
}

TEST_CASE("a changed byte in an encrypted page is CorruptData, not a crash") {
    TempDir dir;
    const auto path = dir / "shop.db";
    { Database db(path, with_key(kHexKey, true)); for (int n = 0; n < 200; ++n) db.customers().create(secret_customer(n)); }
    std::string bytes = clt_test::read_file(path);
    REQUIRE(bytes.size() > 4 * 4096);
    bytes[3 * 4096 + 100] ^= 0x01;  // page 4
    write_bytes(path, bytes);
    bool corrupt = false;
    try {
        Database db(path, with_key(kHexKey));
        db.customers().list({});
        db.stats();
        db.checker().run({});
    } catch (const CorruptData&) {
        corrupt = true;
    }
    CHECK(corrupt);
    // Page 1 changed: the key no longer opens it either (the file's header is authenticated).
    bytes = clt_test::read_file(path);
    bytes[200] ^= 0x01;
    write_bytes(path, bytes);
    CHECK_THROWS_AS(Database(path, with_key(kHexKey)), WrongKey);
}

TEST_CASE("rekey changes the key, encrypts a plain store and decrypts one, all or nothing") {
    TempDir dir;
    const auto path = dir / "shop.db";
    { Database db(path, {.create = true}); db.customers().create(secret_customer(0)); }
    REQUIRE_FALSE(leaked(clt_test::read_file(path)).empty());  // plain: the name is there

    rekey(path, OpenOptions{}, EncryptionKey{"first passphrase", ""});
    CHECK(leaked(clt_test::read_file(path)).empty());
    CHECK(Database(path, with_passphrase("first passphrase")).stats().customers == 1);

    rekey(path, with_passphrase("first passphrase"), EncryptionKey{"", kHexKey});
    CHECK_THROWS_AS(Database(path, with_passphrase("first passphrase")), WrongKey);
    CHECK(Database(path, with_key(kHexKey)).customers().search("Quaxley").size() == 1);

    // A wrong current key changes nothing.
    const std::string before = clt_test::read_file(path);
    CHECK_THROWS_AS(rekey(path, with_passphrase("nope"), EncryptionKey{"x", ""}), WrongKey);
    CHECK(clt_test::read_file(path) == before);
    // Nor does a malformed new key.
    CHECK_THROWS_AS(rekey(path, with_key(kHexKey), EncryptionKey{"", "abc"}), InvalidInput);
    CHECK(clt_test::read_file(path) == before);

    rekey(path, with_key(kHexKey), EncryptionKey{});
    CHECK_FALSE(leaked(clt_test::read_file(path)).empty());
    CHECK(Database(path).stats().customers == 1);
    // Nothing left beside it.
    for (const auto& e : std::filesystem::directory_iterator(path.parent_path()))
        CHECK(e.path().filename().string().rfind("shop.db", 0) == 0);
}

TEST_CASE("rekey needs an admin") {
    TempDir dir;
    const auto path = dir / "shop.db";
    {
        Database db(path, with_key(kHexKey, true));
        User u;
        u.username = "viv";
        u.role = Role::viewer;
        db.users().add(u);
    }
    auto o = with_key(kHexKey);
    o.user = "viv";
    CHECK_THROWS_AS(rekey(path, o, EncryptionKey{"p", ""}), PermissionDenied);
}

TEST_CASE("a backup of an encrypted store holds no clear data and restores with the key") {
    TempDir dir;
    const auto path = dir / "shop.db";
    Database db(path, with_passphrase("pw", true));
    for (int n = 0; n < 20; ++n) db.customers().create(secret_customer(n));
    const auto manifest = db.backups().write(dir / "b.cltbak");  // no backup key: only compressed
    CHECK(manifest.database_encrypted);
    CHECK(manifest.customers == 20);
    // Nothing in clear beside it, and the (zlib) stream of encrypted pages holds nothing either.
    for (const auto& e : std::filesystem::directory_iterator(path.parent_path()))
        CHECK(leaked(clt_test::read_file(e.path())).empty());
    CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "r.db"), WrongKey);
    RestoreOptions wrong;
    wrong.database_key.passphrase = "not it";
    CHECK_THROWS_AS(restore(dir / "b.cltbak", dir / "r.db", wrong), WrongKey);
    CHECK_FALSE(std::filesystem::exists(dir / "r.db"));
    RestoreOptions right;
    right.database_key.passphrase = "pw";
    CHECK(verify_backup(dir / "b.cltbak", {}, right.database_key).customers == 20);
    restore(dir / "b.cltbak", dir / "r.db", right);
    CHECK(Database(dir / "r.db", with_passphrase("pw")).stats().customers == 20);
    CHECK(leaked(clt_test::read_file(dir / "r.db")).empty());
}

TEST_CASE("a read-only open of an encrypted store logs through a keyed connection") {
    TempDir dir;
    const auto path = dir / "shop.db";
    {
        Database db(path, with_passphrase("pw", true));
        db.customers().create(secret_customer(0));
    }
    auto o = with_passphrase("pw");
    o.read_only = true;
    Database ro(path, o);
    CHECK(ro.stats().customers == 1);
    CHECK(read_auth_policy(path, EncryptionKey{"pw", ""}).required == false);
    CHECK_THROWS_AS(read_auth_policy(path, EncryptionKey{"bad", ""}), WrongKey);
}

TEST_CASE("rekey refuses a database another connection has open, and changes nothing") {
    TempDir dir;
    const auto path = dir / "shop.db";
    Database other(path, with_key(kHexKey, true));
    other.customers().create(secret_customer(0));
    const std::string before = clt_test::read_file(path);
    CHECK_THROWS_AS(rekey(path, with_key(kHexKey), EncryptionKey{"new", ""}), StorageError);
    CHECK(clt_test::read_file(path) == before);
    // The open connection goes on working on the same file.
    other.customers().create(secret_customer(1));
    CHECK(Database(path, with_key(kHexKey)).stats().customers == 2);
}

TEST_CASE("two connections write an encrypted store at once and lose nothing") {
    TempDir dir;
    const auto path = dir / "shop.db";
    { Database db(path, with_key(kHexKey, true)); }
    auto writer = [&](int base) {
        Database db(path, with_key(kHexKey));
        for (int n = 0; n < 40; ++n) db.customers().create(secret_customer(base + n));
    };
    std::thread a(writer, 0), b(writer, 1000);
    a.join();
    b.join();
    Database db(path, with_key(kHexKey));
    CHECK(db.stats().customers == 80);
    CHECK(db.checker().run({}).ok());
    CHECK(leaked(clt_test::read_file(path) + clt_test::read_file(dir / "shop.db-wal")).empty());
}

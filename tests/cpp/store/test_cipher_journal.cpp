// The cipher VFS under a rollback journal (crypto/cipher_vfs.hpp): the journal's page images
// are encrypted too, and a hot journal left by a crash is played back through the VFS.
// (Stores run in WAL mode; the journal is what SQLite uses while switching to it, and what a
// connection set to another journal mode would use.)
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "crypto/file_key.hpp"
#include "store/sqlite.hpp"
#include "support.hpp"

using clt_test::TempDir;

namespace {

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a rollback journal of an encrypted file holds no clear page and plays back") {
    TempDir dir;
    const auto path = dir / "j.db";
    const auto key = clientele::crypto::file_key(path, clientele::EncryptionKey{"", std::string(32, 'k')});
    REQUIRE(key);
    {
        clientele::store::Connection c(path, false, true, false, &*key);
        c.exec("PRAGMA journal_mode = DELETE");
        c.exec("CREATE TABLE t(x TEXT)");
        c.exec("BEGIN");
        for (int i = 0; i < 300; ++i) c.exec("INSERT INTO t VALUES ('Quaxley secret row " + std::to_string(i) + "')");
        c.exec("COMMIT");
        // A change in progress: the old pages, with the secrets, go into the journal.
        c.exec("BEGIN");
        c.exec("UPDATE t SET x = 'overwritten'");
        c.exec("PRAGMA cache_spill = 1");
        c.exec("PRAGMA cache_size = 1");  // push changed pages to the file, as a large change would
        c.exec("UPDATE t SET x = 'overwritten again'");
        const auto journal = bytes_of(dir / "j.db-journal");
        REQUIRE(journal.size() > 4096);
        CHECK(journal.find("Quaxley") == std::string::npos);
        CHECK(bytes_of(path).find("Quaxley") == std::string::npos);
        CHECK(bytes_of(path).find("overwritten") == std::string::npos);
        // A crash now: the file and its hot journal, copied as they are.
        std::filesystem::copy_file(path, dir / "crash.db");
        std::filesystem::copy_file(dir / "j.db-journal", dir / "crash.db-journal");
        std::filesystem::copy_file(path, dir / "no-journal.db");  // the same file without it
        c.exec("ROLLBACK");
    }
    {
        // Without the journal, the spilled change is in the file: the journal has work to do.
        clientele::store::Connection spilled(dir / "no-journal.db", false, false, false, &*key);
        CHECK(spilled.scalar("SELECT count(*) FROM t WHERE x LIKE 'overwritten%'") > 0);
    }
    // Opening the copy plays the journal back through the VFS: the committed rows return.
    clientele::store::Connection c(dir / "crash.db", false, false, false, &*key);
    CHECK(c.scalar("SELECT count(*) FROM t WHERE x LIKE 'Quaxley secret row %'") == 300);
    CHECK(c.scalar("SELECT count(*) FROM t WHERE x LIKE 'overwritten%'") == 0);
    auto q = c.query("PRAGMA integrity_check");
    REQUIRE(q->step());
    CHECK(q->text(0) == "ok");
}

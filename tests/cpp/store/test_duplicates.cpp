// Database::find_duplicates / explain: the per-insert duplicate check on a real store.
#include <algorithm>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

Customer with_birthday(Customer c, const char* day, const char* owner = "") {
    c.birthday = parse_date(day);
    c.owner = owner;
    return c;
}

bool contains(const std::vector<DuplicateMatch>& ms, const Customer& c) {
    return std::any_of(ms.begin(), ms.end(), [&](const DuplicateMatch& m) { return m.id == c.id.to_string(); });
}

}  // namespace

TEST_CASE("find_duplicates finds the romanized spelling by phone and scores namesakes low", "[store][duplicates]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    Customer zhang = db.customers().create(with_birthday(clt_test::person("张", "伟", "", "+86 138 1234 5678"), "1985-03-12"));
    Customer namesake = db.customers().create(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"));
    Customer other = db.customers().create(clt_test::person("王", "芳", "wang.fang@example.com", "13700002222"));

    // Latin spelling, national number format: found through the E.164 phone index.
    auto ms = db.duplicates().find(with_birthday(clt_test::person("Zhang", "Wei", "", "138-1234-5678"), "1985-03-12"));
    REQUIRE(!ms.empty());
    CHECK(ms.front().id == zhang.id.to_string());
    CHECK(ms.front().score >= 0.9);
    CHECK(ms.front().display_name == zhang.display_name);
    CHECK(!contains(ms, namesake));
    CHECK(!contains(ms, other));
    auto phone = std::find_if(ms.front().fields.begin(), ms.front().fields.end(),
                              [](const FieldContribution& f) { return f.field == "phone"; });
    REQUIRE(phone != ms.front().fields.end());
    CHECK(phone->weight > 10);

    // The same Han name with another birthday and phone: found by the name index, but not a match.
    auto all = db.duplicates().find(with_birthday(clt_test::person("张", "伟", "", "13655556666"), "1990-01-01"),
                                  {.threshold = 0.0});
    CHECK(contains(all, zhang));
    CHECK(contains(all, namesake));
    for (const auto& m : all) CHECK(m.score < 0.5);
    CHECK(db.duplicates().find(with_birthday(clt_test::person("张", "伟", "", "13655556666"), "1990-01-01")).empty());
    // Best first.
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].score >= all[i].score);

    // Same email, different case and spacing.
    auto by_mail = db.duplicates().find(clt_test::person("王", "芳", " Wang.Fang@EXAMPLE.com"));
    REQUIRE(by_mail.size() == 1);
    CHECK(by_mail.front().id == other.id.to_string());

    CHECK_THROWS_AS(db.duplicates().find(clt_test::person("A", "B"), {.threshold = 1.5}), InvalidInput);
    CHECK_THROWS_AS(db.duplicates().find(clt_test::person("A", "B", "not an email")), InvalidInput);
}

TEST_CASE("find_duplicates sees only active customers this user may see", "[store][duplicates]") {
    TempDir dir;
    const auto path = dir / "d.db";
    auto db = clt_test::make_store(path);
    Customer lis = db.customers().create(with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12", "li.na"));
    Customer toms = db.customers().create(with_birthday(clt_test::person("李", "雷", "ll@example.com", "13811112222"), "1980-05-05", "tom"));
    const Customer probe_tom = with_birthday(clt_test::person("李", "雷", "ll@example.com", "13811112222"), "1980-05-05");
    const Customer probe_li = with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12");
    {
        Database li(path, {.user = "li.na"});
        CHECK(li.duplicates().find(probe_tom, {.threshold = 0.0}).empty());
        CHECK(contains(li.duplicates().find(probe_li), lis));
        CHECK_THROWS_AS(li.duplicates().explain(lis.id.to_string(), toms.id.to_string()), NotFound);
    }
    CHECK(contains(db.duplicates().find(probe_tom), toms));

    db.customers().archive(toms.id.to_string());
    CHECK(db.duplicates().find(probe_tom, {.threshold = 0.0}).empty());

    Customer copy = db.customers().create(with_birthday(clt_test::person("張", "偉", "ZW@example.com"), "1985-03-12"));
    std::vector<std::string> ids{copy.id.to_string()};
    db.merges().merge(lis.id.to_string(), ids);
    auto ms = db.duplicates().find(probe_li, {.threshold = 0.0});
    REQUIRE(ms.size() == 1);  // the survivor, not the merged record
    CHECK(ms.front().id == lis.id.to_string());
}

TEST_CASE("find_duplicates reaches past common names through the rarer keys", "[store][duplicates][keys]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    // Sixty namesakes in one city: the name-only and name+city keys are too common to probe.
    {
        auto tx = db.transaction();
        for (int i = 0; i < 60; ++i) {
            Customer c = clt_test::person("王", "芳");
            c.birthday = std::chrono::year_month_day(std::chrono::sys_days(parse_date("1960-01-01")) + std::chrono::days(97 * i));
            c.addresses.push_back({"home", "", "北京", "", "", "CN", true});
            (void)db.customers().create(c);
        }
        tx.commit();
    }
    Customer her = clt_test::person("王", "芳");
    her.birthday = parse_date("1991-07-23");
    her.addresses.push_back({"home", "朝阳路 12 号", "北京", "", "100020", "CN", true});
    her = db.customers().create(her);

    // Typed again in traditional characters, no contacts in common with anyone: only her
    // birthday and postcode keys lead to her.
    Customer again = clt_test::person("王", "芳");
    again.birthday = parse_date("1991-07-23");
    again.addresses.push_back({"home", "朝陽路12號", "北京市", "", "100020", "CN", true});
    auto ms = db.duplicates().find(again, {.threshold = 0.0});
    REQUIRE(!ms.empty());
    CHECK(ms.front().id == her.id.to_string());
    CHECK(ms.front().score >= 0.5);
    CHECK(ms.size() < 10);  // the namesakes that share no rare key are not scored at all

    // A namesake with nothing else to go on is not matched to a random one of sixty.
    CHECK(db.duplicates().find(clt_test::person("王", "芳")).empty());
}

TEST_CASE("the match keys follow every write and are rebuilt when missing or stale", "[store][duplicates][keys]") {
    TempDir dir;
    const auto path = dir / "k.db";
    auto key_rows = [&] {
        return clt_test::query_rows(path, "SELECT key, customer_id FROM customer_match_keys ORDER BY key, customer_id");
    };
    std::vector<std::string> made;
    Customer zhang, li;
    {
        auto db = clt_test::make_store(path);
        zhang = db.customers().create(with_birthday(clt_test::person("张", "伟"), "1985-03-12"));
        li = db.customers().create(with_birthday(clt_test::person("Li", "Lei"), "1980-05-05"));
        made = key_rows();
        CHECK(!made.empty());
        // An update changes the keys: the old birthday's keys go, the new one's come.
        Customer moved = db.customers().get(li.id.to_string());
        moved.birthday = parse_date("1980-05-06");
        (void)db.customers().save(moved);
        CHECK(key_rows() != made);
        moved = db.customers().get(li.id.to_string());
        moved.birthday = parse_date("1980-05-05");
        (void)db.customers().save(moved);
        CHECK(key_rows() == made);
        // Found by name and birthday alone.
        CHECK(contains(db.duplicates().find(with_birthday(clt_test::person("Lei", "Li"), "1980-05-05")), li));
        db.customers().remove(li.id.to_string());
        CHECK(clt_test::query_rows(path, "SELECT count(*) FROM customer_match_keys WHERE customer_id NOT IN "
                                         "(SELECT id FROM customers)") == std::vector<std::string>{"0"});
        li = db.customers().create(with_birthday(clt_test::person("Li", "Lei"), "1980-05-05"));
        made = key_rows();
    }
    // A version 3 file (no key table) and a file whose keys a different matcher made both get
    // the keys a fresh write gives.
    clt_test::exec_raw(path, std::string(clt_test::kUndoSchemaV6) +
                             "DROP TABLE customer_match_keys; DROP TABLE customer_match_key_sets; DROP TABLE customer_points;"
                             "DELETE FROM settings WHERE key = 'match_keys_version'; PRAGMA user_version = 3;");
    {
        Database db(path, {.user = "admin"});
        CHECK(key_rows() == made);
        CHECK(contains(db.duplicates().find(with_birthday(clt_test::person("張", "偉"), "1985-03-12")), zhang));
    }
    clt_test::exec_raw(path, "DELETE FROM customer_match_keys WHERE key > 0;"
                             "UPDATE settings SET value = '0' WHERE key = 'match_keys_version';");
    CHECK(key_rows() != made);
    { Database db(path, {.user = "admin"}); }
    CHECK(key_rows() == made);
}

TEST_CASE("match keys written in a transaction arrive at commit and leave with a rollback", "[store][duplicates][keys]") {
    TempDir dir;
    const auto path = dir / "t.db";
    auto db = clt_test::make_store(path);
    auto keys_of = [&](const Customer& c) {
        std::string hex = c.id.to_string();
        hex.erase(std::remove(hex.begin(), hex.end(), '-'), hex.end());
        return clt_test::query_rows(path, "SELECT count(*) FROM customer_match_keys k JOIN customers c ON c.id = "
                                          "k.customer_id WHERE lower(hex(c.uuid)) = '" + hex + "'");
    };
    const std::vector<std::string> none{"0"};
    Customer wang = with_birthday(clt_test::person("王", "芳"), "1990-01-02");
    Customer lee = with_birthday(clt_test::person("Lee", "Ann"), "1975-07-08");
    {
        auto tx = db.transaction();
        wang = db.customers().create(wang);
        // Seen by find_duplicates inside the same transaction, before the commit.
        CHECK(contains(db.duplicates().find(with_birthday(clt_test::person("Wang", "Fang"), "1990-01-02")), wang));
        lee = db.customers().create(lee);
        // A failed create (external id taken) inside the transaction takes its keys along
        // and leaves the others.
        Customer bad = with_birthday(clt_test::person("Lee", "Ann"), "1975-07-08");
        bad.external_id = "X1";
        (void)db.customers().create(bad);
        CHECK_THROWS_AS(db.customers().create(bad), Conflict);
        // An update (a savepoint) after pending creates, rolled back by its own failure.
        Customer stale = db.customers().get(lee.id.to_string());
        stale.version = 99;
        CHECK_THROWS_AS(db.customers().save(stale), Conflict);
        tx.commit();
    }
    CHECK(keys_of(wang) != none);
    CHECK(keys_of(lee) != none);
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM customer_match_keys k WHERE NOT EXISTS "
                                     "(SELECT 1 FROM customers c WHERE c.id = k.customer_id)") == none);
    Customer gone = with_birthday(clt_test::person("Zhao", "Lei"), "1999-09-09");
    {
        auto tx = db.transaction();
        gone = db.customers().create(gone);
        tx.rollback();
    }
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM customers") == std::vector<std::string>{"3"});
    CHECK(!contains(db.duplicates().find(with_birthday(clt_test::person("Zhao", "Lei"), "1999-09-09")), gone));
    // The keys of every customer equal those a rebuild gives.
    const auto all = clt_test::query_rows(path, "SELECT key, customer_id FROM customer_match_keys ORDER BY 1, 2");
    clt_test::exec_raw(path, "UPDATE settings SET value = '0' WHERE key = 'match_keys_version'");
    { Database again(path, {.user = "admin"}); }
    CHECK(clt_test::query_rows(path, "SELECT key, customer_id FROM customer_match_keys ORDER BY 1, 2") == all);
}

TEST_CASE("explain scores two stored customers field by field", "[store][duplicates]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    Customer a = db.customers().create(with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12"));
    Customer b = db.customers().create(with_birthday(clt_test::person("Zhang", "Wei", "", "+8613812345678"), "1985-03-12"));
    Customer c = db.customers().create(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"));
    PairExplanation same = db.duplicates().explain(a.id.to_string(), b.id.to_string());
    CHECK(same.probability > 0.99);
    CHECK(same.a == 0);
    CHECK(same.b == 1);
    double sum = same.prior_weight;
    for (const auto& f : same.fields) sum += f.weight;
    CHECK(sum == Approx(same.weight));
    PairExplanation namesakes = db.duplicates().explain(a.id.to_string(), c.id.to_string());
    CHECK(namesakes.probability < 0.5);
    CHECK_THROWS_AS(db.duplicates().explain(a.id.to_string(), "no-such-customer"), NotFound);
}

TEST_CASE("create rejects or merges a duplicate with the store's own matcher", "[store][duplicates][create]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    Customer zhang = db.customers().create(with_birthday(clt_test::person("张", "伟", "", "+86 138 1234 5678"), "1985-03-12"));
    const Customer dup = with_birthday(clt_test::person("Zhang", "Wei", "", "13812345678"), "1985-03-12");
    CreateOptions options;  // no find_duplicates: Database::find_duplicates
    options.on_duplicate = OnDuplicate::reject;
    options.threshold = 0.9;
    try {
        db.customers().create(dup, options);
        FAIL("no Conflict");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find(zhang.id.to_string()) != std::string::npos);
    }
    CHECK(db.customers().count({}) == 1);
    CHECK(db.customers().find_by_phone("13812345678").size() == 1);

    // A namesake with another phone and birthday is created.
    Customer other = db.customers().create(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"), options);
    CHECK(other.id != zhang.id);
    CHECK(db.customers().count({}) == 2);

    options.on_duplicate = OnDuplicate::merge;
    Customer survivor = db.customers().create(dup, options);
    CHECK(survivor.id == zhang.id);
    CHECK(db.customers().count({.status = CustomerStatus::merged}) == 1);
    CHECK(db.merges().history().size() == 1);
}

TEST_CASE("the stored match keys change only with kMatchKeysVersion", "[store][duplicates][keys]") {
    // Stores keep their keys between library versions and rebuild them only when
    // kMatchKeysVersion (src/dedupe/blocking.hpp) changes. If this fails, a change altered
    // the keys of these customers: bump kMatchKeysVersion and pin the new fingerprint.
    TempDir dir;
    const auto path = dir / "g.db";
    {
        auto db = clt_test::make_store(path);
        Customer a = with_birthday(clt_test::person("張", "偉", "Zhang.Wei+shop@gmail.com", "+852 9123 4567"), "1985-03-12");
        a.addresses.push_back({"home", "彌敦道 100 號", "九龍", "", "", "HK", true});
        Customer b = with_birthday(clt_test::person("O'Brien-Smith", "Bill", "bill@example.co.uk"), "1970-12-01");
        b.addresses.push_back({"home", "12 High St.", "London", "", "SW1A 1AA", "GB", true});
        Customer c = with_birthday(clt_test::person("Müller", "José"), "2001-02-03");
        c.addresses.push_back({"work", "Hauptstraße 5", "München", "", "80331", "DE", true});
        Customer d = clt_test::person("", "");
        d.display_name = "Иван Петров";
        Customer e = clt_test::person("", "Chan Tai-Man", "", "+852 2721 4439");  // the whole name in one column
        for (const auto& x : {a, b, c, d, e}) (void)db.customers().create(x);
    }
    const auto rows = clt_test::query_rows(path, "SELECT key FROM customer_match_keys ORDER BY customer_id, key");
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const auto& r : rows)
        for (char ch : r + ";") h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
    CHECK(rows.size() == 37);
    CHECK(h == 0x74d23183fbdc7780ULL);
}

TEST_CASE("find_duplicates meets a Cantonese spelling through its own key", "[store][duplicates][keys]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "c.db");
    Customer her = db.customers().create(clt_test::person("劉", "曉彤", "", "+852 9123 4567"));
    Customer him = db.customers().create(clt_test::person("陳", "大文"));
    // Nothing shared but the name, spelled the Hong Kong way: only the Cantonese key leads
    // there (the pinyin would be Liu Xiaotong; 大 is read daai, dai or tai).
    auto ms = db.duplicates().find(clt_test::person("Lau", "Hiu Tung"), {.threshold = 0.0});
    REQUIRE(!ms.empty());
    CHECK(ms.front().id == her.id.to_string());
    CHECK(contains(db.duplicates().find(clt_test::person("Chan", "Tai Man"), {.threshold = 0.0}), him));
    // An English name has no Cantonese key and finds neither.
    CHECK(db.duplicates().find(clt_test::person("Lau", "Kelvin"), {.threshold = 0.0}).empty());
}

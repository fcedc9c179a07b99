// Database::find_duplicates / explain: the per-insert duplicate check on a real store.
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
    Customer zhang = db.create_customer(with_birthday(clt_test::person("张", "伟", "", "+86 138 1234 5678"), "1985-03-12"));
    Customer namesake = db.create_customer(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"));
    Customer other = db.create_customer(clt_test::person("王", "芳", "wang.fang@example.com", "13700002222"));

    // Latin spelling, national number format: found through the E.164 phone index.
    auto ms = db.find_duplicates(with_birthday(clt_test::person("Zhang", "Wei", "", "138-1234-5678"), "1985-03-12"));
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
    auto all = db.find_duplicates(with_birthday(clt_test::person("张", "伟", "", "13655556666"), "1990-01-01"),
                                  {.threshold = 0.0});
    CHECK(contains(all, zhang));
    CHECK(contains(all, namesake));
    for (const auto& m : all) CHECK(m.score < 0.5);
    CHECK(db.find_duplicates(with_birthday(clt_test::person("张", "伟", "", "13655556666"), "1990-01-01")).empty());
    // Best first.
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].score >= all[i].score);

    // Same email, different case and spacing.
    auto by_mail = db.find_duplicates(clt_test::person("王", "芳", " Wang.Fang@EXAMPLE.com"));
    REQUIRE(by_mail.size() == 1);
    CHECK(by_mail.front().id == other.id.to_string());

    CHECK_THROWS_AS(db.find_duplicates(clt_test::person("A", "B"), {.threshold = 1.5}), InvalidInput);
    CHECK_THROWS_AS(db.find_duplicates(clt_test::person("A", "B", "not an email")), InvalidInput);
}

TEST_CASE("find_duplicates sees only active customers this user may see", "[store][duplicates]") {
    TempDir dir;
    const auto path = dir / "d.db";
    auto db = clt_test::make_store(path);
    Customer lis = db.create_customer(with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12", "li.na"));
    Customer toms = db.create_customer(with_birthday(clt_test::person("李", "雷", "ll@example.com", "13811112222"), "1980-05-05", "tom"));
    const Customer probe_tom = with_birthday(clt_test::person("李", "雷", "ll@example.com", "13811112222"), "1980-05-05");
    const Customer probe_li = with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12");
    {
        Database li(path, {.user = "li.na"});
        CHECK(li.find_duplicates(probe_tom, {.threshold = 0.0}).empty());
        CHECK(contains(li.find_duplicates(probe_li), lis));
        CHECK_THROWS_AS(li.explain(lis.id.to_string(), toms.id.to_string()), NotFound);
    }
    CHECK(contains(db.find_duplicates(probe_tom), toms));

    db.archive_customer(toms.id.to_string());
    CHECK(db.find_duplicates(probe_tom, {.threshold = 0.0}).empty());

    Customer copy = db.create_customer(with_birthday(clt_test::person("張", "偉", "ZW@example.com"), "1985-03-12"));
    std::vector<std::string> ids{copy.id.to_string()};
    db.merge(lis.id.to_string(), ids);
    auto ms = db.find_duplicates(probe_li, {.threshold = 0.0});
    REQUIRE(ms.size() == 1);  // the survivor, not the merged record
    CHECK(ms.front().id == lis.id.to_string());
}

TEST_CASE("explain scores two stored customers field by field", "[store][duplicates]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    Customer a = db.create_customer(with_birthday(clt_test::person("张", "伟", "zw@example.com", "13812345678"), "1985-03-12"));
    Customer b = db.create_customer(with_birthday(clt_test::person("Zhang", "Wei", "", "+8613812345678"), "1985-03-12"));
    Customer c = db.create_customer(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"));
    PairExplanation same = db.explain(a.id.to_string(), b.id.to_string());
    CHECK(same.probability > 0.99);
    CHECK(same.a == 0);
    CHECK(same.b == 1);
    double sum = same.prior_weight;
    for (const auto& f : same.fields) sum += f.weight;
    CHECK(sum == Approx(same.weight));
    PairExplanation namesakes = db.explain(a.id.to_string(), c.id.to_string());
    CHECK(namesakes.probability < 0.5);
    CHECK_THROWS_AS(db.explain(a.id.to_string(), "no-such-customer"), NotFound);
}

TEST_CASE("create rejects or merges a duplicate with the store's own matcher", "[store][duplicates][create]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "d.db");
    Customer zhang = db.create_customer(with_birthday(clt_test::person("张", "伟", "", "+86 138 1234 5678"), "1985-03-12"));
    const Customer dup = with_birthday(clt_test::person("Zhang", "Wei", "", "13812345678"), "1985-03-12");
    CreateOptions options;  // no find_duplicates: Database::find_duplicates
    options.on_duplicate = OnDuplicate::reject;
    options.threshold = 0.9;
    try {
        db.create_customer(dup, options);
        FAIL("no Conflict");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find(zhang.id.to_string()) != std::string::npos);
    }
    CHECK(db.count_customers({}) == 1);
    CHECK(db.find_by_phone("13812345678").size() == 1);

    // A namesake with another phone and birthday is created.
    Customer other = db.create_customer(with_birthday(clt_test::person("张", "伟", "", "13900001111"), "1972-11-02"), options);
    CHECK(other.id != zhang.id);
    CHECK(db.count_customers({}) == 2);

    options.on_duplicate = OnDuplicate::merge;
    Customer survivor = db.create_customer(dup, options);
    CHECK(survivor.id == zhang.id);
    CHECK(db.count_customers({.status = CustomerStatus::merged}) == 1);
    CHECK(db.merges().size() == 1);
}

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::person;
using clt_test::TempDir;

TEST_CASE("a customer is stored and read back exactly", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer c = person("张", "伟", " Zhang.Wei@Example.com ", "138-1234-5678");
    c.external_id = "C0001";
    c.emails.push_back({"zw@home.cn", "home", false, {}});
    c.addresses.push_back({"home", "南京西路 1 号", "上海", "上海", "200000", "cn", true});
    c.birthday = parse_date("1988-04-12");
    c.tags = {"vip", " wholesale ", "vip"};
    c.custom = to_json_object({{"shoe_size", 42}});
    c.consent[ConsentChannel::email] = {ConsentStatus::granted, parse_timestamp("2024-01-02T03:04:05Z"), "web"};
    c.notes = "多行\n备注";
    c.owner = "li.na";
    Customer stored = db.customers().create(c);
    CHECK(stored.version == 1);
    CHECK(stored.display_name == "张伟");
    CHECK(stored.emails[0].normalized == "zhang.wei@example.com");
    CHECK(stored.phones[0].e164 == "+8613812345678");
    CHECK(stored.addresses[0].country == "CN");
    CHECK(stored.tags == std::vector<std::string>{"vip", "wholesale"});

    Customer read = db.customers().get(stored.id.to_string());
    CHECK(to_json(read) == to_json(stored));
    CHECK(to_json(db.customers().get("C0001")) == to_json(stored));
}

TEST_CASE("invalid customers are rejected and nothing is written", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto field_of = [&](const Customer& c) {
        try {
            db.customers().create(c);
        } catch (const InvalidInput& e) {
            return e.field();
        }
        return std::string("<accepted>");
    };
    CHECK(field_of(person("王", "芳", "not-an-email")) == "emails[0].address");
    CHECK(field_of(person("王", "芳", "", "12345")) == "phones[0].number");
    Customer future = person("王", "芳");
    future.birthday = Date{std::chrono::year{2999} / 1 / 1};
    CHECK(field_of(future) == "birthday");
    CHECK(field_of(Customer{}) == "display_name");
    Customer bad_owner = person("王", "芳");
    bad_owner.owner = "ghost";
    CHECK(field_of(bad_owner) == "owner");
    Customer huge = person("王", "芳");
    huge.notes.assign(2 << 20, 'x');
    CHECK(field_of(huge) == "notes");
    Customer bad_utf8 = person("王", "\xff\xfe");
    CHECK(field_of(bad_utf8) == "given_name");
    CHECK(db.customers().count() == 0);
}

TEST_CASE("duplicate external ids conflict", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer c = person("Smith", "John");
    c.external_id = "X1";
    db.customers().create(c);
    CHECK_THROWS_AS(db.customers().create(c), Conflict);
    CHECK(db.customers().count() == 1);
}

TEST_CASE("updates apply a merge patch and reject stale versions", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.customers().create(person("Smith", "John", "john@example.com")).id.to_string();
    auto v2 = db.customers().update(id, R"({"job_title":"Buyer","custom":{"tier":"b"}})", 1);
    CHECK(v2.version == 2);
    CHECK(v2.job_title == "Buyer");
    CHECK(v2.emails.size() == 1);  // untouched fields stay

    // Someone else's copy at version 1 is now stale: refused, record unchanged.
    CHECK_THROWS_AS(db.customers().update(id, R"({"job_title":"CEO"})", 1), Conflict);
    CHECK(db.customers().get(id).job_title == "Buyer");

    // Bad values in a patch are InvalidInput and change nothing.
    CHECK_THROWS_AS(db.customers().update(id, R"({"emails":["broken"]})", 2), InvalidInput);
    CHECK_THROWS_AS(db.customers().update(id, R"({"birthday":"2001-02-30"})", 2), InvalidInput);
    CHECK_THROWS_AS(db.customers().update(id, R"({"version":9})", 2), InvalidInput);
    CHECK_THROWS_AS(db.customers().update(id, R"({"status":"merged"})", 2), InvalidInput);
    CHECK(to_json(db.customers().get(id)) == to_json(v2));

    // Phones patched in are normalized afresh; null removes a field.
    auto v3 = db.customers().update(id, R"({"phones":["+1 415 555 2671"],"job_title":null})", 2);
    CHECK(v3.phones.at(0).e164 == "+14155552671");
    CHECK(v3.job_title.empty());

    // save_customer: modify a copy read earlier.
    Customer copy = db.customers().get(id);
    copy.notes = "called back";
    CHECK(db.customers().save(copy).version == 4);
    CHECK_THROWS_AS(db.customers().save(copy), Conflict);
}

TEST_CASE("archive keeps the customer, delete removes it and its interactions", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.customers().create(person("Smith", "John")).id.to_string();
    Interaction i;
    i.customer_id = *Uuid::parse(id);
    i.kind = InteractionKind::call;
    db.interactions().add(i);
    CHECK(db.customers().archive(id).status == CustomerStatus::archived);
    CHECK(db.customers().count({.status = CustomerStatus::archived}) == 1);
    CHECK(db.customers().update(id, R"({"status":"active"})", 2).status == CustomerStatus::active);
    db.customers().remove(id);
    CHECK_THROWS_AS(db.customers().get(id), NotFound);
    CHECK(db.interactions().count() == 0);
    CHECK(db.customers().search("Smith").empty());
    CHECK_THROWS_AS(db.customers().remove(id), NotFound);
}

TEST_CASE("tags are added, removed and counted", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto a = db.customers().create(person("A", "A")).id.to_string();
    auto b = db.customers().create(person("B", "B")).id.to_string();
    std::vector<std::string> tags{"vip", "newsletter"};
    CHECK(db.customers().add_tags(a, tags) == std::vector<std::string>{"newsletter", "vip"});
    db.customers().add_tags(b, std::vector<std::string>{"vip"});
    CHECK(db.customers().remove_tags(a, std::vector<std::string>{"newsletter", "absent"}) == std::vector<std::string>{"vip"});
    CHECK(db.customers().get(a).version == 3);
    auto all = db.customers().all_tags();
    REQUIRE(all.size() == 1);
    CHECK(all[0].tag == "vip");
    CHECK(all[0].customers == 2);
    CHECK(db.customers().count({.tag = "vip"}) == 2);
    CHECK(db.customers().search("vip").size() == 2);
}

TEST_CASE("find by email and phone compares normalized forms", "[store][lookup]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.customers().create(person("张", "伟", "Zhang.Wei@Example.com", "13812345678")).id;
    for (const char* p : {"+86 138 1234 5678", "0086-138-1234-5678", "138 1234 5678"}) {
        auto found = db.customers().find_by_phone(p);
        REQUIRE(found.size() == 1);
        CHECK(found[0].id == id);
    }
    CHECK(db.customers().find_by_email(" ZHANG.WEI@example.com").size() == 1);
    CHECK(db.customers().find_by_email("other@example.com").empty());
    CHECK_THROWS_AS(db.customers().find_by_email("nonsense"), InvalidInput);
}

TEST_CASE("full-text search finds Chinese substrings and Latin words", "[store][search]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    db.customers().create(person("张", "伟", "zhang.wei@example.com"));
    db.customers().create(person("张", "伟明"));
    db.customers().create(person("欧阳", "娜娜"));
    db.customers().create(person("Müller", "José", "jose@example.de"));
    Customer co;
    co.kind = CustomerKind::company;
    co.company_name = "上海明远贸易有限公司";
    db.customers().create(co);

    CHECK(db.customers().search("张伟").size() == 2);
    CHECK(db.customers().search("伟明").size() == 1);
    CHECK(db.customers().search("张").size() == 2);
    CHECK(db.customers().search("欧阳娜").size() == 1);
    CHECK(db.customers().search("明远贸易").size() == 1);
    CHECK(db.customers().search("张明").empty());  // not a substring of anyone
    CHECK(db.customers().search("muller").size() == 1);
    CHECK(db.customers().search("JOSE").size() == 1);
    CHECK(db.customers().search("mül").size() == 1);
    CHECK(db.customers().search("zhang.wei@example.com").size() == 1);
    CHECK(db.customers().search("\"; DROP TABLE customers; --").empty());
    CHECK(db.customers().search("   ").empty());
}

TEST_CASE("listing pages through everything once with filters", "[store][list]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    {
        auto tx = db.transaction();
        for (int k = 0; k < 250; ++k) {
            Customer c = person("Name" + std::to_string(k), "X");
            if (k % 3 == 0) c.tags = {"third"};
            if (k % 5 == 0) c.kind = CustomerKind::company, c.company_name = "Co " + std::to_string(k);
            db.customers().create(c);
        }
        tx.commit();
    }
    std::set<std::string> seen;
    PageRequest page{.limit = 40};
    int pages = 0;
    do {
        auto p = db.customers().list({}, page);
        for (const auto& c : p.items) CHECK(seen.insert(c.id.to_string()).second);
        page.after = p.next_cursor;
        ++pages;
    } while (!page.after.empty());
    CHECK(seen.size() == 250);
    CHECK(pages == 7);
    CHECK(db.customers().count({.tag = "third"}) == 84);
    CHECK(db.customers().count({.kind = CustomerKind::company}) == 50);
    CHECK(db.customers().list({.tag = "third"}, {.limit = 10000}).items.size() == 84);
    CHECK_THROWS_AS(db.customers().list({}, {.limit = 0}), InvalidInput);
    CHECK_THROWS_AS(db.customers().list({}, {.limit = 10, .after = "abc"}), InvalidInput);
    CHECK_THROWS_AS(db.customers().list({.owner = "ghost"}), InvalidInput);
}

TEST_CASE("a transaction commits together or not at all", "[store][transaction]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    {
        auto tx = db.transaction();
        db.customers().create(person("A", "A"));
        db.customers().create(person("B", "B"));
        CHECK_THROWS_AS(db.transaction(), Conflict);
    }  // destroyed without commit
    CHECK(db.customers().count() == 0);
    {
        auto tx = db.transaction();
        db.customers().create(person("A", "A"));
        // A failing operation inside undoes only itself.
        CHECK_THROWS_AS(db.customers().create(person("B", "B", "bad")), InvalidInput);
        tx.commit();
    }
    CHECK(db.customers().count() == 1);
}

TEST_CASE("status is read-only on create", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    for (auto status : {CustomerStatus::archived, CustomerStatus::merged, CustomerStatus::anonymized}) {
        Customer c = person("张", "伟", "", "");
        c.status = status;
        try {
            db.customers().create(c);
            FAIL("created a customer with status " << to_string(status));
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "status");
        }
    }
    CHECK(db.customers().count({}) == 0);
    // Archiving is its own call, after the customer exists.
    auto created = db.customers().create(person("张", "伟", "", ""));
    CHECK(created.status == CustomerStatus::active);
    CHECK(db.customers().archive(created.id.to_string()).status == CustomerStatus::archived);
}

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
    Customer stored = db.create_customer(c);
    CHECK(stored.version == 1);
    CHECK(stored.display_name == "张伟");
    CHECK(stored.emails[0].normalized == "zhang.wei@example.com");
    CHECK(stored.phones[0].e164 == "+8613812345678");
    CHECK(stored.addresses[0].country == "CN");
    CHECK(stored.tags == std::vector<std::string>{"vip", "wholesale"});

    Customer read = db.get_customer(stored.id.to_string());
    CHECK(to_json(read) == to_json(stored));
    CHECK(to_json(db.get_customer("C0001")) == to_json(stored));
}

TEST_CASE("invalid customers are rejected and nothing is written", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto field_of = [&](const Customer& c) {
        try {
            db.create_customer(c);
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
    CHECK(db.count_customers() == 0);
}

TEST_CASE("duplicate external ids conflict", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer c = person("Smith", "John");
    c.external_id = "X1";
    db.create_customer(c);
    CHECK_THROWS_AS(db.create_customer(c), Conflict);
    CHECK(db.count_customers() == 1);
}

TEST_CASE("updates apply a merge patch and reject stale versions", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.create_customer(person("Smith", "John", "john@example.com")).id.to_string();
    auto v2 = db.update_customer(id, R"({"job_title":"Buyer","custom":{"tier":"b"}})", 1);
    CHECK(v2.version == 2);
    CHECK(v2.job_title == "Buyer");
    CHECK(v2.emails.size() == 1);  // untouched fields stay

    // Someone else's copy at version 1 is now stale: refused, record unchanged.
    CHECK_THROWS_AS(db.update_customer(id, R"({"job_title":"CEO"})", 1), Conflict);
    CHECK(db.get_customer(id).job_title == "Buyer");

    // Bad values in a patch are InvalidInput and change nothing.
    CHECK_THROWS_AS(db.update_customer(id, R"({"emails":["broken"]})", 2), InvalidInput);
    CHECK_THROWS_AS(db.update_customer(id, R"({"birthday":"2001-02-30"})", 2), InvalidInput);
    CHECK_THROWS_AS(db.update_customer(id, R"({"version":9})", 2), InvalidInput);
    CHECK_THROWS_AS(db.update_customer(id, R"({"status":"merged"})", 2), InvalidInput);
    CHECK(to_json(db.get_customer(id)) == to_json(v2));

    // Phones patched in are normalized afresh; null removes a field.
    auto v3 = db.update_customer(id, R"({"phones":["+1 415 555 2671"],"job_title":null})", 2);
    CHECK(v3.phones.at(0).e164 == "+14155552671");
    CHECK(v3.job_title.empty());

    // save_customer: modify a copy read earlier.
    Customer copy = db.get_customer(id);
    copy.notes = "called back";
    CHECK(db.save_customer(copy).version == 4);
    CHECK_THROWS_AS(db.save_customer(copy), Conflict);
}

TEST_CASE("archive keeps the customer, delete removes it and its interactions", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.create_customer(person("Smith", "John")).id.to_string();
    Interaction i;
    i.customer_id = *Uuid::parse(id);
    i.kind = InteractionKind::call;
    db.add_interaction(i);
    CHECK(db.archive_customer(id).status == CustomerStatus::archived);
    CHECK(db.count_customers({.status = CustomerStatus::archived}) == 1);
    CHECK(db.update_customer(id, R"({"status":"active"})", 2).status == CustomerStatus::active);
    db.delete_customer(id);
    CHECK_THROWS_AS(db.get_customer(id), NotFound);
    CHECK(db.count_interactions() == 0);
    CHECK(db.search_customers("Smith").empty());
    CHECK_THROWS_AS(db.delete_customer(id), NotFound);
}

TEST_CASE("tags are added, removed and counted", "[store][customers]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto a = db.create_customer(person("A", "A")).id.to_string();
    auto b = db.create_customer(person("B", "B")).id.to_string();
    std::vector<std::string> tags{"vip", "newsletter"};
    CHECK(db.add_tags(a, tags) == std::vector<std::string>{"newsletter", "vip"});
    db.add_tags(b, std::vector<std::string>{"vip"});
    CHECK(db.remove_tags(a, std::vector<std::string>{"newsletter", "absent"}) == std::vector<std::string>{"vip"});
    CHECK(db.get_customer(a).version == 3);
    auto all = db.all_tags();
    REQUIRE(all.size() == 1);
    CHECK(all[0].tag == "vip");
    CHECK(all[0].customers == 2);
    CHECK(db.count_customers({.tag = "vip"}) == 2);
    CHECK(db.search_customers("vip").size() == 2);
}

TEST_CASE("find by email and phone compares normalized forms", "[store][lookup]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto id = db.create_customer(person("张", "伟", "Zhang.Wei@Example.com", "13812345678")).id;
    for (const char* p : {"+86 138 1234 5678", "0086-138-1234-5678", "138 1234 5678"}) {
        auto found = db.find_by_phone(p);
        REQUIRE(found.size() == 1);
        CHECK(found[0].id == id);
    }
    CHECK(db.find_by_email(" ZHANG.WEI@example.com").size() == 1);
    CHECK(db.find_by_email("other@example.com").empty());
    CHECK_THROWS_AS(db.find_by_email("nonsense"), InvalidInput);
}

TEST_CASE("full-text search finds Chinese substrings and Latin words", "[store][search]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    db.create_customer(person("张", "伟", "zhang.wei@example.com"));
    db.create_customer(person("张", "伟明"));
    db.create_customer(person("欧阳", "娜娜"));
    db.create_customer(person("Müller", "José", "jose@example.de"));
    Customer co;
    co.kind = CustomerKind::company;
    co.company_name = "上海明远贸易有限公司";
    db.create_customer(co);

    CHECK(db.search_customers("张伟").size() == 2);
    CHECK(db.search_customers("伟明").size() == 1);
    CHECK(db.search_customers("张").size() == 2);
    CHECK(db.search_customers("欧阳娜").size() == 1);
    CHECK(db.search_customers("明远贸易").size() == 1);
    CHECK(db.search_customers("张明").empty());  // not a substring of anyone
    CHECK(db.search_customers("muller").size() == 1);
    CHECK(db.search_customers("JOSE").size() == 1);
    CHECK(db.search_customers("mül").size() == 1);
    CHECK(db.search_customers("zhang.wei@example.com").size() == 1);
    CHECK(db.search_customers("\"; DROP TABLE customers; --").empty());
    CHECK(db.search_customers("   ").empty());
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
            db.create_customer(c);
        }
        tx.commit();
    }
    std::set<std::string> seen;
    PageRequest page{.limit = 40};
    int pages = 0;
    do {
        auto p = db.list_customers({}, page);
        for (const auto& c : p.items) CHECK(seen.insert(c.id.to_string()).second);
        page.after = p.next_cursor;
        ++pages;
    } while (!page.after.empty());
    CHECK(seen.size() == 250);
    CHECK(pages == 7);
    CHECK(db.count_customers({.tag = "third"}) == 84);
    CHECK(db.count_customers({.kind = CustomerKind::company}) == 50);
    CHECK(db.list_customers({.tag = "third"}, {.limit = 10000}).items.size() == 84);
    CHECK_THROWS_AS(db.list_customers({}, {.limit = 0}), InvalidInput);
    CHECK_THROWS_AS(db.list_customers({}, {.limit = 10, .after = "abc"}), InvalidInput);
    CHECK_THROWS_AS(db.list_customers({.owner = "ghost"}), InvalidInput);
}

TEST_CASE("a transaction commits together or not at all", "[store][transaction]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    {
        auto tx = db.transaction();
        db.create_customer(person("A", "A"));
        db.create_customer(person("B", "B"));
        CHECK_THROWS_AS(db.transaction(), Conflict);
    }  // destroyed without commit
    CHECK(db.count_customers() == 0);
    {
        auto tx = db.transaction();
        db.create_customer(person("A", "A"));
        // A failing operation inside undoes only itself.
        CHECK_THROWS_AS(db.create_customer(person("B", "B", "bad")), InvalidInput);
        tx.commit();
    }
    CHECK(db.count_customers() == 1);
}

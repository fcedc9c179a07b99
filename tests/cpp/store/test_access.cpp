#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::person;
using clt_test::TempDir;

namespace {

struct Shop {
    TempDir dir;
    std::string lina_customer, tom_customer, unowned;
    Shop() {
        auto db = clt_test::make_store(dir / "a.db");
        auto c = person("王", "芳", "wang.fang@example.cn", "13900001111");
        c.owner = "li.na";
        c.external_id = "LINA-1";
        lina_customer = db.create_customer(c).id.to_string();
        auto t = person("Brown", "Emma", "emma@example.com", "+44 7700 900123");
        t.owner = "tom";
        t.external_id = "TOM-1";
        tom_customer = db.create_customer(t).id.to_string();
        unowned = db.create_customer(person("Nobody", "Owns")).id.to_string();
    }
    Database as(const std::string& user) { return Database(dir / "a.db", {.user = user}); }
};

}  // namespace

TEST_CASE("a sales user cannot reach another user's customer by any route", "[store][access]") {
    Shop shop;
    auto lina = shop.as("li.na");
    const std::string& other = shop.tom_customer;
    auto before = to_json(shop.as("admin").get_customer(other));

    CHECK_THROWS_AS(lina.get_customer(other), NotFound);
    CHECK_THROWS_AS(lina.get_customer("TOM-1"), NotFound);
    CHECK_FALSE(lina.find_customer(other));
    CHECK_THROWS_AS(lina.update_customer(other, R"({"notes":"mine now"})", 1), NotFound);
    CHECK_THROWS_AS(lina.archive_customer(other), NotFound);
    CHECK_THROWS_AS(lina.delete_customer(other), PermissionDenied);
    CHECK_THROWS_AS(lina.add_tags(other, std::vector<std::string>{"x"}), NotFound);
    CHECK_THROWS_AS(lina.tags(other), NotFound);
    CHECK(lina.find_by_email("emma@example.com").empty());
    CHECK(lina.find_by_phone("+44 7700 900123").empty());
    CHECK(lina.search_customers("Emma").empty());
    CHECK(lina.list_customers().items.size() == 1);
    CHECK(lina.count_customers() == 1);
    Interaction i;
    i.customer_id = *Uuid::parse(other);
    i.kind = InteractionKind::call;
    CHECK_THROWS_AS(lina.add_interaction(i), NotFound);
    CHECK_THROWS_AS(lina.list_interactions({.customer = other}), NotFound);
    CHECK(lina.stats().customers == 1);

    auto admin = shop.as("admin");
    CHECK(to_json(admin.get_customer(other)) == before);
    CHECK(admin.count_interactions() == 0);
}

TEST_CASE("sales users own what they create and cannot give it away", "[store][access]") {
    Shop shop;
    auto lina = shop.as("li.na");
    auto mine = lina.create_customer(person("李", "雷"));
    CHECK(mine.owner == "li.na");
    auto theirs = person("李", "梅");
    theirs.owner = "tom";
    CHECK_THROWS_AS(lina.create_customer(theirs), PermissionDenied);
    CHECK_THROWS_AS(lina.update_customer(mine.id.to_string(), R"({"owner":"tom"})", 1), PermissionDenied);
    CHECK(lina.update_customer(mine.id.to_string(), R"({"notes":"ok"})", 1).version == 2);
    CHECK(lina.get_customer(shop.lina_customer).owner == "li.na");
}

TEST_CASE("managers see and reassign within their team only", "[store][access]") {
    Shop shop;
    auto mia = shop.as("mia");
    CHECK(mia.count_customers() == 1);  // li.na's; not tom's (west), not the unowned one
    CHECK_THROWS_AS(mia.get_customer(shop.tom_customer), NotFound);
    auto moved = mia.update_customer(shop.lina_customer, R"({"owner":"zhou.jie"})", 1);
    CHECK(moved.owner == "zhou.jie");
    CHECK_THROWS_AS(mia.update_customer(shop.lina_customer, R"({"owner":"tom"})", 2), PermissionDenied);
    CHECK_THROWS_AS(shop.as("li.na").get_customer(shop.lina_customer), NotFound);
    CHECK(shop.as("zhou.jie").get_customer(shop.lina_customer).version == 2);
    CHECK_THROWS_AS(mia.add_user({"eve", "", Role::admin, ""}), PermissionDenied);
}

TEST_CASE("viewers read everything and change nothing", "[store][access]") {
    Shop shop;
    auto vic = shop.as("vic");
    CHECK(vic.count_customers() == 3);
    CHECK_THROWS_AS(vic.create_customer(person("A", "B")), PermissionDenied);
    CHECK_THROWS_AS(vic.update_customer(shop.tom_customer, R"({"notes":"x"})", 1), PermissionDenied);
    CHECK_THROWS_AS(vic.add_tags(shop.tom_customer, std::vector<std::string>{"x"}), PermissionDenied);
    CHECK_THROWS_AS(vic.set_setting("default_region", "US"), PermissionDenied);
    CHECK(vic.get_customer(shop.tom_customer).version == 1);
}

TEST_CASE("admins manage users and settings", "[store][access]") {
    Shop shop;
    auto admin = shop.as("admin");
    CHECK(admin.list_users().size() == 6);
    CHECK_THROWS_AS(admin.add_user({"tom", "", Role::sales, ""}), Conflict);
    CHECK_THROWS_AS(admin.add_user({"bad name", "", Role::sales, ""}), InvalidInput);
    CHECK(admin.update_user("tom", R"({"team":"east"})").team == "east");
    CHECK(shop.as("mia").count_customers() == 2);  // tom joined east
    CHECK_THROWS_AS(admin.update_user("admin", R"({"role":"sales"})"), PermissionDenied);
    admin.set_setting("default_region", "us");
    CHECK(admin.setting("default_region") == "US");
    CHECK(admin.create_customer(person("Doe", "Jane", "", "(212) 555-0188")).phones[0].e164 == "+12125550188");
    CHECK_THROWS_AS(admin.set_setting("default_region", "XX"), InvalidInput);
    CHECK_THROWS_AS(admin.set_setting("colour", "blue"), InvalidInput);
}

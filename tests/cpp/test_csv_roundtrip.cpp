// CSV export -> import into a fresh store reproduces every stored customer field: contact
// labels and primary flags, every address, consent, typed custom fields, Chinese text and
// the quoting cases. docs/import-export.md ("Customer columns", "Round trip").
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "clientele/clientele.hpp"
#include "json/json.hpp"
#include "import_support.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;
using clt_test::all_errors;
using clt_test::snapshot;
using clt_test::read_file;

namespace {

std::string csv_of(const Database& db) {
    std::ostringstream out;
    db.exporter().customers(out, {FileFormat::csv});
    return out.str();
}

// The data of every customer and interaction, without what the store sets on each write.
nlohmann::json data_of(const Database& db) {
    auto j = nlohmann::json::array();
    for (const auto& c : db.customers().list().items) {
        auto x = to_json(c);
        x.erase("updated_at");
        x.erase("version");
        j.push_back(std::move(x));
    }
    for (const auto& i : db.interactions().list().items) {
        auto x = to_json(i);
        x.erase("created_at");
        j.push_back(std::move(x));
    }
    return j;
}

std::string header_line(const std::string& csv) { return csv.substr(0, csv.find('\n')); }

// A store holding every kind of value a customer can have.
void fill(Database& db) {
    Customer a;
    a.external_id = "EXT-1";
    a.family_name = "王";
    a.given_name = "小明";
    a.display_name = "王小明 (Wang, \"Ming\")";
    a.company_name = "南京贸易有限公司";
    a.job_title = "采购经理";
    // The primary is not the first item anywhere: the flags must travel.
    a.emails = {{"wang@example.com", "工作", false, ""}, {"xm@example.cn", "home", true, ""}, {"w3@example.org", "", false, ""}};
    a.phones = {{"+86 139 0013 9000", "手机", false, ""}, {"+1 212 555 0100", "office, NY", true, ""}};
    a.addresses = {{"家", "中山路 1 号\n3 楼", "南京", "江苏", "210000", "CN", false},
                   {"work", "5th Ave, Suite \"A\"", "New York", "NY", "10001", "US", true}};
    a.notes = "多行备注\n第二行, with \"quotes\"\r\nthird line; and a semicolon";
    a.custom = to_json_object({{"会员等级", "金卡"},
                               {"name", "clash with a standard column"},
                               {"email2_label", "clash with a group column"},
                               {"points", 1200},
                               {"ratio", 0.25},
                               {"vip", true},
                               {"nothing", nullptr},
                               {"blank", ""},
                               {"digits as text", "00123"},
                               {"prefs", {{"lang", "zh"}, {"topics", {"茶", "tea, green"}}, {"depth", {{"n", 2}}}}}});
    a.tags = {"vip", "老客户"};
    a.birthday = parse_date("1990-02-28");
    a.gender = Gender::male;
    a.source = "shop";
    a.owner = "li.na";
    a.membership_level = "金卡";
    a.created_at = parse_timestamp("2020-01-02T03:04:05Z");
    a.last_verified_at = parse_timestamp("2024-06-01T08:00:00Z");
    a.consent[ConsentChannel::email] = {ConsentStatus::granted, parse_timestamp("2023-05-01T10:00:00Z"), "web form, 中文"};
    a.consent[ConsentChannel::sms] = {ConsentStatus::denied, std::nullopt, ""};
    a.consent[ConsentChannel::wechat] = {ConsentStatus::unknown, std::nullopt, "asked at the fair"};
    db.customers().create(a);

    Customer b;  // no external id: identified by its UUID; archived company
    b.kind = CustomerKind::company;
    b.company_name = "Acme, Inc.";
    b.emails = {{"info@acme.example", "", true, ""}};
    b.custom = to_json_object({{"points", "many"}});  // the same key as text elsewhere: the column is JSON
    db.customers().archive(db.customers().create(b).id.to_string());  // status is read-only on create

    Customer c;
    c.external_id = "EXT-3";
    c.display_name = "李娜";
    c.addresses = {{"", "", "北京", "", "", "CN", true}};
    db.customers().create(c);

    Interaction i;
    i.customer_external_id = "EXT-1";
    i.kind = InteractionKind::purchase;
    i.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
    i.amount_minor = 123456;
    i.subject = "订单 #1";
    i.body = "two\nlines, \"quoted\"";
    i.custom = to_json_object({{"sku", "X-1"}, {"qty", 3}, {"lines", {{{"sku", "X-1"}, {"n", 3}}}}});
    db.interactions().add(i);
}

}  // namespace

TEST_CASE("CSV export then import into a fresh store reproduces every field", "[import][export][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    fill(db);
    REQUIRE(db.exporter().customers(dir / "c1.csv", {FileFormat::csv}) == 3);
    REQUIRE(db.exporter().interactions(dir / "i1.csv", {FileFormat::csv}) == 1);
    const auto first = read_file(dir / "c1.csv");

    // The groups, consent and typed custom columns, by the names the docs give.
    const auto header = header_line(first);
    for (const char* h : {"email,email_label,email_primary,email2,email2_label,email2_primary,email3,",
                          "phone2,phone2_label,phone2_primary,",
                          "street,city,region,postcode,country,address_label,address_primary,address2_street,",
                          "address2_country,address2_label,address2_primary,",
                          "created_at,last_verified_at,points_balance,consent_email,consent_email_at,consent_email_method,consent_sms,",
                          "consent_wechat_method,", "custom.email2_label,", "custom.name,", "custom_json.blank,",
                          "custom_json.points,", "custom_json.prefs,", "digits as text,", "会员等级"}) {
        INFO(h);
        CHECK(header.find(h) != std::string::npos);
    }
    CHECK(header.find("consent_phone") == std::string::npos);  // channels no one has are left out

    auto fresh = clt_test::make_store(dir / "fresh.db");
    auto rc = fresh.importer().customers(dir / "c1.csv");
    INFO(all_errors(rc));
    REQUIRE(rc.committed);
    CHECK(rc.created == 3);
    auto ri = fresh.importer().interactions(dir / "i1.csv");
    INFO(all_errors(ri));
    REQUIRE(ri.committed);
    CHECK(ri.created == 1);

    // The same data, field by field, and the same file byte for byte.
    CHECK(data_of(fresh) == data_of(db));
    fresh.exporter().customers(dir / "c2.csv", {FileFormat::csv});
    fresh.exporter().interactions(dir / "i2.csv", {FileFormat::csv});
    CHECK(read_file(dir / "c2.csv") == first);
    CHECK(read_file(dir / "i2.csv") == read_file(dir / "i1.csv"));
    const auto a = fresh.customers().get("EXT-1");
    CHECK(to_nlohmann(a.custom)["points"] == 1200);
    CHECK(to_nlohmann(a.custom)["prefs"]["depth"]["n"] == 2);
    CHECK(to_nlohmann(a.custom)["blank"] == "");
    CHECK(to_nlohmann(a.custom)["nothing"].is_null());
    CHECK(a.emails[1].primary);
    CHECK(a.addresses[0].street == "中山路 1 号\n3 楼");
    CHECK(a.consent.at(ConsentChannel::email).method == "web form, 中文");
    CHECK(to_nlohmann(fresh.interactions().list().items.at(0).custom)["qty"] == 3);

    // Importing the export again changes nothing, in the fresh store and in the original.
    for (auto* store : {&fresh, &db}) {
        const auto before = snapshot(*store);
        auto again = store->importer().customers(dir / "c1.csv");
        CHECK(again.unchanged == 3);
        CHECK(again.updated == 0);
        CHECK(store->importer().interactions(dir / "i1.csv").unchanged == 1);
        CHECK(snapshot(*store) == before);
    }
}

TEST_CASE("after a merge the export still imports into a fresh store, without the merged shell", "[import][export][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer a = clt_test::person("张", "伟", "zhang.wei@example.com", "138-1234-5678");
    a.external_id = "A";
    Customer b = clt_test::person("张", "伟", "wei@work.cn", "+86 139 0000 1111");
    b.external_id = "B";
    const std::vector<std::string> ids{db.customers().create(a).id.to_string(), db.customers().create(b).id.to_string()};
    db.merges().merge(ids[0], ids);
    for (auto format : {FileFormat::csv, FileFormat::jsonl}) {
        INFO((format == FileFormat::csv ? "csv" : "jsonl"));
        const auto file = dir / (format == FileFormat::csv ? "c.csv" : "c.jsonl");
        CHECK(db.exporter().customers(file, {format}) == 1);  // the survivor only
        auto fresh = clt_test::make_store(dir / (format == FileFormat::csv ? "f1.db" : "f2.db"));
        ImportOptions o;
        o.format = format;
        auto r = fresh.importer().customers(file, o);
        INFO(all_errors(r));
        REQUIRE(r.committed);
        const auto survivor = fresh.customers().get("A");
        CHECK(survivor.emails.size() == 2);
        CHECK(survivor.phones.size() == 2);
    }
}

TEST_CASE("a tag cannot hold the CSV tag separator", "[import][export][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    Customer c = clt_test::person("Li", "Lei", "li@example.com");
    c.tags = {"vip;new"};
    try {
        db.customers().create(c);
        FAIL("a tag with ';' was stored");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "tags[0]");
    }
    CHECK(db.customers().count() == 0);
}

TEST_CASE("a plain customer list exports as plain columns", "[import][export][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    std::istringstream in("external_id,name,email,phone,city\nC1,张伟,zhang@example.com,13800138000,北京\n");
    REQUIRE(db.importer().customers(in, "in.csv").committed);
    // No labels, first items primary, no consent, no custom fields: no extra columns.
    CHECK(header_line(csv_of(db)) ==
          "uuid,external_id,kind,display_name,given_name,family_name,company_name,job_title,source,membership_level,"
          "preferred_language,notes,email,phone,street,city,region,postcode,country,birthday,gender,tags,owner,status,"
          "created_at,last_verified_at,points_balance");
}

TEST_CASE("the group columns import without a map", "[import][csv]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    std::istringstream in(
        "id,name,email,email_label,email_2,email_2_label,Email 2 Primary,mobile,mobile_label,address_city,"
        "address_2_city,Address2 Zip,address2_label,consent_sms,consent_sms_at,custom_json.n,points\n"
        "C1,A,a@x.com,work,b@y.com,home,yes,13800138000,cell,南京,Boston,02101,office,granted,2024-01-02,[1],7\n");
    auto r = db.importer().customers(in, "in.csv");
    INFO(all_errors(r));
    REQUIRE(r.committed);
    const auto c = db.customers().get("C1");
    REQUIRE(c.emails.size() == 2);
    CHECK(c.emails[0].label == "work");
    CHECK_FALSE(c.emails[0].primary);
    CHECK(c.emails[1].label == "home");
    CHECK(c.emails[1].primary);
    CHECK(c.phones.at(0).label == "cell");
    REQUIRE(c.addresses.size() == 2);
    CHECK(c.addresses[0].city == "南京");
    CHECK(c.addresses[1].city == "Boston");
    CHECK(c.addresses[1].postcode == "02101");
    CHECK(c.addresses[1].label == "office");
    CHECK(c.consent.at(ConsentChannel::sms).status == ConsentStatus::granted);
    CHECK(c.consent.at(ConsentChannel::sms).at == parse_timestamp("2024-01-02T00:00:00Z"));
    CHECK(to_nlohmann(c.custom)["n"] == nlohmann::json::array({1}));
    // A foreign file's other columns stay text custom fields.
    CHECK(to_nlohmann(c.custom)["points"] == "7");

    // "address2" is the second street line of many shop exports (as dedupe reads it): it
    // joins the street, and needs one to join.
    std::istringstream line2("id,street,address2\nC1,1 Main St,Suite 5\n");
    REQUIRE(db.importer().customers(line2, "line2.csv").updated == 1);
    CHECK(db.customers().get("C1").addresses.at(0).street == "1 Main St, Suite 5");
    std::istringstream alone("id,address2\nC1,Suite 5\n");
    CHECK(all_errors(db.importer().customers(alone, "alone.csv")).find("no street column") != std::string::npos);

    // A foreign file's numbers read as numbers when mapped to custom_json.
    ImportOptions o;
    o.column_map = {{"Points", "custom_json.points"}};
    std::istringstream mapped("id,Points\nC1,12.5\n");
    REQUIRE(db.importer().customers(mapped, "mapped.csv", o).updated == 1);
    CHECK(to_nlohmann(db.customers().get("C1").custom)["points"] == 12.5);
}

TEST_CASE("a partly filled group is an error naming file, line and column", "[import][csv][bad]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    std::istringstream seed("external_id,name\nK1,Kept\n");
    REQUIRE(db.importer().customers(seed, "seed.csv").committed);
    const auto before = snapshot(db);

    struct Case {
        const char* text;
        const char* column;
        const char* reason;
    };
    const Case cases[] = {
        {"id,email,email2,email2_label\nC1,a@x.com,,work\n", "email2_label", "gives a label, but 'email2' is empty"},
        {"id,phone,phone_primary\nC1,,yes\n", "phone_primary", "marks a primary, but 'phone' is empty"},
        {"id,phone,phone_primary\nC1,13800138000,maybe\n", "phone_primary", "'maybe' is not yes or no"},
        {"id,city,address2_city,address2_label\nC1,南京,,office\n", "address2_label", "address 2 is empty"},
        {"id,consent_sms,consent_sms_method\nC1,,paper form\n", "consent_sms_method", "but 'consent_sms' is empty"},
        {"id,consent_sms\nC1,perhaps\n", "consent_sms", "perhaps"},
        {"id,custom_json.points\nC1,{oops\n", "custom_json.points", "not valid JSON"},
    };
    for (const auto& k : cases) {
        INFO(k.text);
        std::istringstream in(std::string("\n") + k.text);  // a blank first line: the row is on line 3
        auto r = db.importer().customers(in, "bad.csv");
        CHECK_FALSE(r.committed);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].file == "bad.csv");
        CHECK(r.errors[0].line == 3);
        CHECK(r.errors[0].column == k.column);
        CHECK(r.errors[0].reason.find(k.reason) != std::string::npos);
        CHECK(snapshot(db) == before);
    }

    // A detail column without the column it belongs to is wrong for every row: the file
    // is refused by its header.
    for (const char* text : {"id,email,email3_label\nC1,a@x.com,work\n", "id,address2_label\nC1,x\n",
                             "id,consent_email_at\nC1,2024-01-01\n"}) {
        INFO(text);
        std::istringstream in(text);
        auto r = db.importer().customers(in, "head.csv");
        CHECK_FALSE(r.committed);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].file == "head.csv");
        CHECK(r.errors[0].reason.find("which the file does not have") != std::string::npos);
        CHECK(snapshot(db) == before);
    }
}

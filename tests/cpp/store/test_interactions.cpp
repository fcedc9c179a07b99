#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::person;
using clt_test::TempDir;

TEST_CASE("interactions are recorded, validated and listed", "[store][interactions]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto c = person("张", "伟");
    c.external_id = "C1";
    auto cust = db.customers().create(c);

    Interaction buy;
    buy.customer_external_id = "C1";
    buy.kind = InteractionKind::purchase;
    buy.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
    buy.amount_minor = 129900;
    buy.external_id = "O-1";
    auto stored = db.interactions().add(buy);
    CHECK(stored.currency == "CNY");
    CHECK(stored.customer_id == cust.id);
    CHECK(stored.owner == "admin");
    CHECK(to_json(db.interactions().get("O-1")) == to_json(stored));
    CHECK_THROWS_AS(db.interactions().add(buy), Conflict);  // same external id

    Interaction refund = buy;
    refund.external_id.clear();
    refund.kind = InteractionKind::refund;
    refund.amount_minor = 5000;
    refund.occurred_at = parse_timestamp("2024-03-05T10:00:00Z");
    CHECK(db.interactions().add(refund).amount_minor == -5000);

    Interaction complaint;
    complaint.customer_id = cust.id;
    complaint.kind = InteractionKind::complaint;
    complaint.occurred_at = parse_timestamp("2024-04-01T09:00:00Z");
    complaint.due_at = parse_timestamp("2024-04-08T09:00:00Z");
    CHECK(db.interactions().add(complaint).complaint_status == ComplaintStatus::open);

    auto field_of = [&](Interaction i) {
        try {
            db.interactions().add(i);
        } catch (const InvalidInput& e) {
            return e.field();
        }
        return std::string("<accepted>");
    };
    Interaction no_amount = buy;
    no_amount.external_id.clear();
    no_amount.amount_minor.reset();
    CHECK(field_of(no_amount) == "amount_minor");
    Interaction negative = no_amount;
    negative.amount_minor = -1;
    CHECK(field_of(negative) == "amount_minor");
    Interaction bad_currency = no_amount;
    bad_currency.amount_minor = 1;
    bad_currency.currency = "yuan";
    CHECK(field_of(bad_currency) == "currency");
    Interaction bad_csat = complaint;
    bad_csat.kind = InteractionKind::survey;
    bad_csat.complaint_status = ComplaintStatus::none;
    bad_csat.csat = 9;
    CHECK(field_of(bad_csat) == "csat");
    Interaction orphan = complaint;
    orphan.customer_id = Uuid();
    CHECK(field_of(orphan) == "customer_id");
    Interaction unknown = complaint;
    unknown.customer_external_id = "NOPE";
    unknown.customer_id = Uuid();
    CHECK_THROWS_AS(db.interactions().add(unknown), NotFound);
    CHECK(db.interactions().count() == 3);

    CHECK(db.interactions().list({.customer = "C1", .kind = InteractionKind::purchase}).items.size() == 1);
    CHECK(db.interactions().count({.from = parse_timestamp("2024-03-02"), .to = parse_timestamp("2024-04-01T09:00:00Z")}) == 1);
    auto stats = db.stats();
    CHECK(stats.revenue_minor_by_currency.at("CNY") == 124900);
    CHECK(stats.interactions_by_kind.at("complaint") == 1);
}

TEST_CASE("interaction pages are ordered by time and cover everything once", "[store][interactions]") {
    TempDir dir;
    auto db = clt_test::make_store(dir / "a.db");
    auto cust = db.customers().create(person("A", "B"));
    {
        auto tx = db.transaction();
        for (int k = 0; k < 95; ++k) {
            Interaction i;
            i.customer_id = cust.id;
            i.kind = InteractionKind::visit;
            // several share a second, so the cursor must break ties
            i.occurred_at = parse_timestamp("2024-01-01T00:00:00Z") + std::chrono::seconds((k * 7) % 30);
            db.interactions().add(i);
        }
        tx.commit();
    }
    std::set<std::string> seen;
    PageRequest page{.limit = 10};
    Timestamp last{};
    do {
        auto p = db.interactions().list({}, page);
        for (const auto& i : p.items) {
            CHECK(seen.insert(i.id.to_string()).second);
            CHECK(i.occurred_at >= last);
            last = i.occurred_at;
        }
        page.after = p.next_cursor;
    } while (!page.after.empty());
    CHECK(seen.size() == 95);
}

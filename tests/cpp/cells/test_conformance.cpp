// The conformance table through the C++ entry points: the core's CellParser and
// canonical_column, and customer/interaction import. tests/conformance/test_cells.py runs
// the same table through the CLI, Python and the C ABI.
#include <sstream>

#include <catch2/catch.hpp>

#include "cells/conformance_table.hpp"
#include "support.hpp"

using namespace clientele;
using clt_test::CellCase;

namespace {

// A CSV cell, quoted (the table has cells with commas and spaces).
std::string quoted(const std::string& cell) { return "\"" + cell + "\""; }

ImportOptions import_options(const CellCase& c) {
    ImportOptions o;
    const auto rules = c.cell_rules();
    o.time_unit = rules.time_unit;
    o.date_order = rules.date_order;
    o.unknown_columns = UnknownColumns::error;
    return o;
}

// The answer of the core itself: the value as the table writes it, or "refused".
std::string core_answer(const CellCase& c) {
    if (c.kind == "header") {
        std::string out;
        std::stringstream s(c.cell);
        for (std::string h; std::getline(s, h, ',');)
            out += (out.empty() ? "" : ",") + canonical_column(h, RecordType::customers);
        return out;
    }
    const CellParser parse(c.cell_rules());
    try {
        if (c.kind == "timestamp") return std::to_string(parse.timestamp(c.cell, "t").time_since_epoch().count());
        if (c.kind == "date") return format_date(parse.date(c.cell, "d"));
        return std::to_string(parse.amount(c.cell, "CNY", "a"));
    } catch (const InvalidInput&) {
        return "refused";
    }
}

// The answer of an import of one row holding the cell.
std::string import_answer(const CellCase& c) {
    clt_test::TempDir dir;
    Database db(dir / "c.db", {.create = true});
    if (c.kind == "header") {
        // Every column recognised (unknown columns are an error), one customer stored.
        std::istringstream in(c.cell + "\n" + clt_test::sample_row(c.answer) + "\n");
        auto report = db.importer().customers(in, "h.csv", import_options(c));
        return report.committed && report.created == 1 ? c.answer : "refused";
    }
    if (c.kind == "date") {
        std::istringstream in("external_id,display_name,birthday\nc1,张伟," + quoted(c.cell) + "\n");
        auto report = db.importer().customers(in, "d.csv", import_options(c));
        if (!report.committed) return "refused";
        return format_date(*db.customers().get("c1").birthday);
    }
    db.customers().create([] { Customer x; x.external_id = "c1"; x.display_name = "张伟"; return x; }());
    const std::string time = c.kind == "timestamp" ? quoted(c.cell) : "2024-01-05";
    const std::string amount = c.kind == "amount" ? quoted(c.cell) : "1";
    std::istringstream in("customer_id,occurred_at,amount,currency\nc1," + time + "," + amount + ",CNY\n");
    auto report = db.importer().interactions(in, "t.csv", import_options(c));
    if (!report.committed) return "refused";
    const auto page = db.interactions().list({});
    REQUIRE(page.items.size() == 1);
    const auto& i = page.items[0];
    if (c.kind == "timestamp") return std::to_string(i.occurred_at.time_since_epoch().count());
    return std::to_string(*i.amount_minor);
}

}  // namespace

TEST_CASE("conformance table: the core gives every answer", "[cells][conformance]") {
    for (const auto& c : clt_test::conformance_cases()) {
        INFO(c.name());
        CHECK(core_answer(c) == c.answer);
    }
}

TEST_CASE("conformance table: import gives the core's answers", "[cells][conformance][import]") {
    for (const auto& c : clt_test::conformance_cases()) {
        INFO(c.name());
        CHECK(import_answer(c) == c.answer);
    }
}

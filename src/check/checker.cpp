// Checker::run: the store check. SQLite's own checks first (the file, its pages and its
// foreign keys), then the store's derived data against its truth: each card against the
// child rows, each customer read back whole, its full-text row and match keys against its
// fields, the points ledger against its rules. Each check asks the feature that owns the
// table (customer_census.hpp, store_keys.hpp, interaction_writes.hpp, ledger.hpp); like
// Database::stats, the check is the one reader of every table.
#include "clientele/check.hpp"
#include "clientele/audit.hpp"

#include "customers/customer_census.hpp"
#include "customers/customer_rows.hpp"
#include "dedupe/store_keys.hpp"
#include "interactions/interaction_writes.hpp"
#include "points/ledger.hpp"
#include "store/file_size.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

class Run {
public:
    Run(store::Session& impl, CheckReport& report) : impl_(impl), report_(report) {}

    // Runs one named check; one that cannot finish (SQLite stops at a broken page) is
    // itself a finding, and the others still run.
    template <class Fn>
    void check(const char* name, Fn&& fn) {
        report_.checks.emplace_back(name);
        try {
            fn();
        } catch (const Error& e) {
            problem(name, "", std::string("could not finish: ") + e.what());
        }
    }
    void problem(std::string check, std::string subject, std::string detail) {
        report_.problems.push_back({std::move(check), std::move(subject), std::move(detail)});
    }

    void file() {
        auto now = store::truncation(impl_.path);
        if (now.empty()) now = impl_.damaged;
        if (!now.empty()) problem("file", impl_.path.string(), now);
    }

    void sqlite(bool quick) {
        auto q = impl_.conn.query(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
        while (q->step())
            if (q->text_view(0) != "ok") problem("sqlite", "", q->text(0));
    }

    void foreign_keys() {
        auto q = impl_.conn.query("PRAGMA foreign_key_check");
        while (q->step())
            problem("foreign_keys", "table " + q->text(0) + " row " + std::to_string(q->integer(1)),
                    "refers to a missing row of " + q->text(2));
    }

    void cards() {
        for (auto id : store::customers_with_stale_cards(impl_))
            problem("cards", store::describe_customer(impl_, id), "its card does not match its contact, tag and consent rows");
    }

    void points() {
        for (auto& [subject, why] : store::ledger_problems(impl_)) problem("points", subject, why);
    }

    void audit() {
        for (auto& why : Audit(impl_).verify().problems) problem("audit", "audit trail", why);
    }

    // Every customer read back, and what is derived from it compared with it.
    void records() {
        for (auto id : store::all_customer_ids(impl_)) {
            ++report_.customers;
            Customer c;
            try {
                c = store::load_customer(impl_, id);
            } catch (const Error& e) {
                problem("records", store::describe_customer(impl_, id), e.what());
                continue;
            }
            if (auto why = store::search_row_problem(impl_, id, c); !why.empty())
                problem("search", store::describe_customer(impl_, id), why);
            if (auto why = store::match_key_problem(impl_, id, c); !why.empty())
                problem("match_keys", store::describe_customer(impl_, id), why);
        }
        for (auto& [id, why] : store::damaged_interactions(impl_, report_.interactions))
            problem("records", "interaction #" + std::to_string(id), why);
    }

    void stray_rows() {
        for (auto rowid : store::search_rows_without_customer(impl_))
            problem("search", "full-text row " + std::to_string(rowid), "belongs to no customer");
        if (auto n = store::stray_match_keys(impl_); n > 0)
            problem("match_keys", "", std::to_string(n) + " index rows belong to no customer's key set");
    }

private:
    store::Session& impl_;
    CheckReport& report_;
};

}  // namespace

CheckReport Checker::run(const CheckOptions& options) const {
    auto& impl = session();
    if (impl.user.role != Role::admin)
        throw PermissionDenied("cannot check the store: user '" + impl.user.username +
                               "' is not an admin (a check reads every record)");
    CheckReport report;
    Run run(impl, report);
    run.check("file", [&] { run.file(); });
    store::ReadScope read(impl);
    run.check("sqlite", [&] { run.sqlite(options.quick); });
    run.check("foreign_keys", [&] { run.foreign_keys(); });
    run.check("cards", [&] { run.cards(); });
    run.check("points", [&] { run.points(); });
    run.check("audit", [&] { run.audit(); });
    if (!options.quick) {
        run.check("records", [&] { run.records(); });
        run.check("derived", [&] { run.stray_rows(); });
    }
    return report;
}

}  // namespace clientele

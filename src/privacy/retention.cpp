// Privacy::apply_retention: prospects nobody has dealt with for too long are deleted, so
// the store does not keep personal data without a reason (PIPL art. 19, GDPR art. 5(1)(e)).
#include "clientele/privacy.hpp"

#include "clientele/error.hpp"
#include "customers/customer_rows.hpp"
#include "customers/customer_writes.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele {

RetentionResult Privacy::apply_retention(const RetentionOptions& options) {
    auto& s = session();
    s.require_admin("apply a retention rule");
    if (options.as_of == Timestamp{}) throw InvalidInput("as_of", "the day the rule is applied for is required");
    if (options.prospect_days < 0) throw InvalidInput("prospect_days", "must be 0 (off) or a number of days");
    RetentionResult result;
    result.dry_run = options.dry_run;
    if (options.prospect_days == 0) return result;
    const auto cutoff = store::seconds(options.as_of) - options.prospect_days * 86400;
    // A prospect: active or archived, no purchase ever; its last contact is its latest
    // interaction, else its last change.
    const std::string sql =
        "SELECT c.id FROM customers c WHERE c.status IN ('active','archived') AND " + s.visible +
        " AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.kind = 'purchase')"
        " AND coalesce((SELECT max(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id), c.updated_at) < ?"
        " ORDER BY c.id";
    auto select = [&] {
        auto q = s.conn.query(sql);
        q->bind(1, cutoff);
        std::vector<std::int64_t> ids;
        while (q->step()) ids.push_back(q->integer(0));
        for (auto id : ids) result.customers.push_back(store::load_customer(s, id));
    };
    if (options.dry_run) {
        store::ReadScope read(s);
        select();
        return result;
    }
    s.require_write("apply a retention rule");
    store::WriteScope scope(s);
    select();
    // The rows one by one, the full-text index merged once at the end: a delete per customer
    // through Customers::remove would rewrite the whole index for each of them.
    for (const auto& c : result.customers) store::delete_customer_rows(s, s.customer_id(c.id.to_string()));
    if (!result.customers.empty()) store::purge_deleted_tokens(s);
    store::audit(s, {"privacy.retention", std::nullopt, {},
                     {{"deleted", result.customers.size()}, {"cutoff", format_timestamp(store::from_seconds(cutoff))}}});
    scope.commit();
    if (!scope.nested() && !result.customers.empty()) store::truncate_wal(s);
    return result;
}

}  // namespace clientele

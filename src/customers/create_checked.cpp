// Customers::create with a duplicate check: reject the new customer, or create it and merge
// it into the match it duplicates — one transaction, built on the Duplicates and Merges
// features of the same session.
#include <algorithm>

#include "clientele/database.hpp"
#include "normalize/validate.hpp"
#include "store/session.hpp"

namespace clientele {

Customer Customers::create(const Customer& customer, const CreateOptions& options) {
    auto& impl = session();
    if (options.on_duplicate == OnDuplicate::allow) return create(customer);
    impl.require_write("create a customer");
    store::WriteScope scope(impl);
    Customer candidate = customer;  // the matcher sees normalized contacts, as stored
    store::prepare_customer(candidate, impl.default_region);
    std::optional<DuplicateMatch> best;
    // Without a matcher of the caller's, the store's own, at the threshold given or else the
    // dedupe engine's join threshold (0.9): the same name alone scores about 0.83, and a
    // namesake must not be refused or merged on that.
    std::vector<DuplicateMatch> matches;
    if (options.find_duplicates) {
        matches = options.find_duplicates(candidate);
    } else {
        FindDuplicatesOptions find;
        find.threshold = options.threshold > 0 ? std::min(options.threshold, 1.0) : DedupeOptions{}.threshold;
        matches = Duplicates(impl).find(candidate, find);
    }
    for (auto& m : matches)
        if (m.score >= options.threshold && (!best || m.score > best->score) && impl.find_customer_id(m.id))
            best = std::move(m);
    if (!best) {
        Customer created = create(customer);
        scope.commit();
        return created;
    }
    if (options.on_duplicate == OnDuplicate::reject)
        throw Conflict("the new customer looks like existing customer '" + best->id + "' (score " +
                       std::to_string(best->score) + "); it was not created");
    Customer created = create(customer);
    MergeOptions merge_options = options.merge;
    merge_options.dry_run = false;
    const std::vector<std::string> ids{created.id.to_string()};
    MergeResult r = Merges(impl).merge(best->id, ids, merge_options);
    scope.commit();
    return r.survivor;
}

}  // namespace clientele

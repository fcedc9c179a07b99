// The jobs built on Database::merge: applying a matcher's clusters (the periodic cleanup),
// and the duplicate check of create_customer (reject or auto-merge on insert).
#include "clientele/store.hpp"
#include "store/impl.hpp"
#include "store/validate.hpp"

namespace clientele {

std::vector<ClusterOutcome> Database::merge_clusters(std::span<const MergeCluster> clusters, double threshold,
                                                     const MergeOptions& options) {
    impl_->require_write("merge customers");
    std::vector<ClusterOutcome> out;
    out.reserve(clusters.size());
    for (const auto& cluster : clusters) {
        ClusterOutcome o;
        const std::size_t members = cluster.ids.size() +
            (cluster.survivor.empty() ||
             std::find(cluster.ids.begin(), cluster.ids.end(), cluster.survivor) != cluster.ids.end() ? 0 : 1);
        if (members < 2) {
            o.action = ClusterOutcome::Action::single;
        } else if (cluster.score < threshold) {
            o.action = ClusterOutcome::Action::review;
        } else {
            // Each merge is atomic by itself (its own transaction or savepoint), so one
            // refused cluster leaves the others to merge.
            try {
                auto r = merge(cluster.survivor, cluster.ids, options);
                o.action = ClusterOutcome::Action::merged;
                o.merge_id = r.merge_id;
                o.survivor = r.survivor.id;
            } catch (const Error& e) {
                o.action = ClusterOutcome::Action::failed;
                o.error = e.code();
                o.message = e.what();
            }
        }
        out.push_back(std::move(o));
    }
    return out;
}

Customer Database::create_customer(const Customer& customer, const CreateOptions& options) {
    auto& impl = *impl_;
    if (options.on_duplicate == OnDuplicate::allow) return create_customer(customer);
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
        matches = find_duplicates(candidate, find);
    }
    for (auto& m : matches)
        if (m.score >= options.threshold && (!best || m.score > best->score) && impl.find_customer_id(m.id))
            best = std::move(m);
    if (!best) {
        Customer created = create_customer(customer);
        scope.commit();
        return created;
    }
    if (options.on_duplicate == OnDuplicate::reject)
        throw Conflict("the new customer looks like existing customer '" + best->id + "' (score " +
                       std::to_string(best->score) + "); it was not created");
    Customer created = create_customer(customer);
    MergeOptions merge_options = options.merge;
    merge_options.dry_run = false;
    const std::vector<std::string> ids{created.id.to_string()};
    MergeResult r = merge(best->id, ids, merge_options);
    scope.commit();
    return r.survivor;
}

}  // namespace clientele

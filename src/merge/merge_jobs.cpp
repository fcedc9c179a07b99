// Merges::apply: a matcher's clusters merged one by one (the periodic cleanup).
#include <algorithm>

#include "clientele/database.hpp"
#include "store/session.hpp"

namespace clientele {

std::vector<ClusterOutcome> Merges::apply(std::span<const MergeCluster> clusters, double threshold,
                                                     const MergeOptions& options) {
    session().require_write("merge customers");
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

}  // namespace clientele

// Merges::apply: a matcher's clusters merged one by one; Merges::deduplicate: the periodic
// cleanup over the store, matched and merged until nothing is left to merge.
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

namespace {

// The matcher's clusters of two or more over `ids`, numbered as the matcher numbers them
// (by their first member), members in store order: the order deduplicate merges them in,
// so the same store always gives the same merges.
std::vector<MergeCluster> clusters_of(const std::vector<std::string>& ids, const DedupeResult& r) {
    std::vector<MergeCluster> clusters(r.clusters);
    for (std::size_t i = 0; i < ids.size(); ++i) clusters[r.cluster[i]].ids.push_back(ids[i]);
    for (std::size_t c = 0; c < clusters.size(); ++c) clusters[c].score = r.cluster_score[c];
    std::erase_if(clusters, [](const MergeCluster& c) { return c.ids.size() < 2; });
    return clusters;
}

}  // namespace

DeduplicateResult Merges::deduplicate(const DeduplicateOptions& options) {
    session().require_write("merge customers");
    DeduplicateResult result;
    // One transaction for every pass: a merged survivor is matched again in the next pass,
    // so a run cut short and restarted would match a different store than one clean run.
    store::WriteScope scope(session());
    for (;;) {
        std::vector<MatchRecord> records = Duplicates(session()).records();
        std::vector<std::string> ids;
        ids.reserve(records.size());
        for (const MatchRecord& rec : records) ids.push_back(rec.id);
        DedupeResult found = clientele::dedupe(std::move(records), options.matcher);
        std::size_t merged = 0;
        for (ClusterOutcome& o : apply(clusters_of(ids, found), options.matcher.threshold, options.merge)) {
            merged += o.action == ClusterOutcome::Action::merged;
            result.failed += o.action == ClusterOutcome::Action::failed;
            result.outcomes.push_back(std::move(o));
        }
        result.merged += merged;
        if (++result.passes == 1) {
            result.ids = std::move(ids);
            result.first = std::move(found);
        }
        // Each pass that merges leaves fewer active customers, so this ends.
        if (merged == 0 || options.merge.dry_run) break;
    }
    scope.commit();
    return result;
}

}  // namespace clientele

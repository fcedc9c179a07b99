// clientele — merging duplicate customers in the store and undoing it: db.merges()
// (types and survivorship rules in clientele/merge.hpp; docs/merge.md).
#pragma once

#include "clientele/export.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/merge.hpp"

namespace clientele {

class CLIENTELE_API Merges : public Feature {
public:
    /// Merges the customers `ids` (UUIDs or external ids) into one survivor: `survivor`
    /// (a ref, which may or may not be among `ids`), or when empty the one
    /// choose_survivor() picks. The survivor's fields follow options.rules; every contact
    /// point, tag, consent, interaction and points entry of the others moves to it; the
    /// others get status merged and their UUIDs and external ids resolve to the survivor
    /// from then on. Needs write access to every customer involved (a sales user: customers
    /// they own). One transaction; with options.dry_run nothing is written. InvalidInput for
    /// fewer than two distinct customers, NotFound for an unknown or invisible one, Conflict
    /// for one already merged.
    MergeResult merge(std::string_view survivor, std::span<const std::string> ids, const MergeOptions& options = {});
    /// Undoes a merge: `ref` is a merge id, or a customer (survivor or merged) whose latest
    /// applied merge is undone. Every row the merge changed gets back its exact previous
    /// content (versions and timestamps too). NotFound when there is no such merge or the
    /// customer was never merged; Conflict when it was already undone, when the survivor
    /// changed after the merge (those changes would be lost), or when moving the points
    /// entries back would leave a customer's points balance below zero. On failure nothing
    /// changes.
    MergeRecord unmerge(std::string_view ref);
    /// Merges whose survivor is visible to the current user, newest first.
    std::vector<MergeRecord> history(const MergeFilter& filter = {}) const;
    /// The cleanup job's apply step: merges every cluster scoring at least `threshold`, each
    /// in its own transaction (savepoint), and leaves the rest for review. A cluster that
    /// fails (a customer gone, already merged, not visible) is reported and left as it was;
    /// the others still merge. One outcome per cluster, in order.
    std::vector<ClusterOutcome> apply(std::span<const MergeCluster> clusters, double threshold,
                                      const MergeOptions& options = {});
    /// The periodic cleanup over the store: matches the active customers this user can see
    /// (the dedupe engine, options.matcher) and merges every cluster, then matches again,
    /// until a pass merges nothing, so a second call right after merges nothing either
    /// (merged survivors gain fields and may then match more records). Deterministic: the
    /// same store gives the same merges in the same order (customers in store order,
    /// clusters by their first member, the survivor by choose_survivor over the members in
    /// store order). All passes are one transaction (each cluster a savepoint within it):
    /// a crash leaves the store as before the call, and a re-run equals one clean run.
    /// A refused cluster is reported and left as it was. See docs/merge.md.
    DeduplicateResult deduplicate(const DeduplicateOptions& options = {});

    /// Made by the Database (a store::Session is internal to the library).
    explicit Merges(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

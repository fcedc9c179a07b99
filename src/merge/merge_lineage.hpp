// Internal: what the merges feature does for another feature. A merge's before-images hold
// copies of every customer it touched (docs/merge.md), so deleting a customer must take
// those copies with it.
#pragma once

#include <cstdint>

#include "store/session.hpp"

namespace clientele::store {

/// Deletes every merge record (its before-images and members) that holds a copy of customer
/// `id` or of a customer merged into it, directly or through earlier merges: the merges it
/// survived and the merges, applied or undone, it was merged away in. Those merges can then
/// no longer be undone, nor listed. Call inside the delete's transaction, before the
/// customers rows go.
void drop_merges_of(Session& session, std::int64_t id);
/// Blanks the detail of the audit entries of every merge the customer with internal id
/// `id` (or one merged into it) took part in: a merge's entry is the survivor's, and the
/// changes it lists may be the merged customers' data. Before drop_merges_of.
void redact_merge_entries(Session& session, std::int64_t id);

}  // namespace clientele::store

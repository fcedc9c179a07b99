// clientele — the JSON form of the model as UTF-8 text, the form the C ABI, Python and the
// CLI speak too (docs/data-model.md).
//
// Instants are ISO 8601 UTC strings, dates "YYYY-MM-DD", enums their text names, money
// `amount_minor` (integer) + `currency`, and the public id the UUID text. Empty strings
// and unset optionals are omitted on output; on input, null and absent mean the same.
// The *_from_json_text functions check every field's type and value and throw
// InvalidInput naming the field (with `source` and `row` when given), so bad JSON never
// becomes data. Text in, text out: use whichever JSON library your program already has.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"
#include "clientele/points.hpp"
#include "clientele/database.hpp"

namespace clientele {

/// The record as one JSON object (compact text).
CLIENTELE_API std::string to_json_text(const Customer& c);
CLIENTELE_API std::string to_json_text(const Interaction& i);
CLIENTELE_API std::string to_json_text(const User& u);
/// {"items": [...], "next_cursor": ...}.
CLIENTELE_API std::string to_json_text(const CustomerPage& p);
CLIENTELE_API std::string to_json_text(const InteractionPage& p);
CLIENTELE_API std::string to_json_text(const StoreStats& s);
CLIENTELE_API std::string to_json_text(const TagCount& t);
/// {"committed", "rows", "created", "updated", "unchanged", "rejected", "encoding",
/// "errors": [{"file", "line", "column", "value", "reason", "message"}]}.
CLIENTELE_API std::string to_json_text(const ImportReport& r);
/// {"id", "customer_id", "kind", "points", "reason", "reference", "at", "created_by"}.
CLIENTELE_API std::string to_json_text(const PointsEntry& e);
/// {"dry_run", "merge_id" (null on a dry run), "survivor", "merged": [...], "moved": [...]}.
CLIENTELE_API std::string to_json_text(const MergeResult& r);
CLIENTELE_API std::string to_json_text(const MergeRecord& r);
CLIENTELE_API std::string to_json_text(const MovedRecord& m);
CLIENTELE_API std::string to_json_text(const ClusterOutcome& o);
/// {"records", "clusters", "candidate_pairs", "rejected_merges" (of the first pass),
/// "passes", "merged_clusters", "failed_clusters", "outcomes": [...]}.
CLIENTELE_API std::string to_json_text(const DeduplicateResult& r);
CLIENTELE_API std::string to_json_text(const DuplicateMatch& m);
CLIENTELE_API std::string to_json_text(const PairExplanation& e);

/// Reads a customer. Read-only fields (id, created_at, updated_at, version, status and the
/// normalized contact forms) are accepted and kept, so a record read back round-trips.
CLIENTELE_API Customer customer_from_json_text(std::string_view text, std::string_view source = "json",
                                               std::int64_t row = 0);
/// Reads an interaction; its customer by "customer_id" (UUID) or "customer_external_id".
CLIENTELE_API Interaction interaction_from_json_text(std::string_view text, std::string_view source = "json",
                                                     std::int64_t row = 0);
/// Reads a user {"username", "display_name", "role", "team", "active"}.
CLIENTELE_API User user_from_json_text(std::string_view text, std::string_view source = "json");
/// Reads a listing filter; unknown keys are refused.
CLIENTELE_API CustomerFilter customer_filter_from_json_text(std::string_view text);
CLIENTELE_API InteractionFilter interaction_filter_from_json_text(std::string_view text);
/// Reads {"kind", "points", "reason", "reference", "at"} (kind and points required).
CLIENTELE_API PointsEntry points_entry_from_json_text(std::string_view text, std::string_view source = "json",
                                                      std::int64_t row = 0);
/// Reads {"kind", "from", "to", "limit"}.
CLIENTELE_API PointsFilter points_filter_from_json_text(std::string_view text);
/// {"field": "rule", ...} -> rules; InvalidInput naming an unknown field or rule.
CLIENTELE_API std::map<std::string, MergeRule> merge_rules_from_json_text(std::string_view text);
CLIENTELE_API MergeFilter merge_filter_from_json_text(std::string_view text);
/// An array of clusters, each {"ids": [...], "score": 0.97, "survivor": "..."} (score 1 and
/// survivor automatic when absent) or just an array of ids.
CLIENTELE_API std::vector<MergeCluster> merge_clusters_from_json_text(std::string_view text);
/// RFM segment rules [{"name": "vip", "r": [4, 5], "f": [4, 5]}, ...] (RfmOptions::segments,
/// the first match winning); InvalidInput naming "segments[i].name", ".r" or ".f".
CLIENTELE_API std::vector<SegmentRule> segment_rules_from_json_text(std::string_view text);

}  // namespace clientele

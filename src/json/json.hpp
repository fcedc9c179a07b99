// Internal: the JSON form of the model as nlohmann::json values, for the layers that build
// or take JSON documents (the C ABI, the Python module, the CLI, import/export, the store's
// patches). Never installed: the public headers speak JSON text (clientele/json.hpp) so
// that no consumer is tied to the nlohmann version the library was built with.
//
// Instants are ISO 8601 UTC strings, dates "YYYY-MM-DD", enums their text names, money
// `amount_minor` (integer) + `currency`, and the public id the UUID text. Empty strings
// and unset optionals are omitted on output; on input, null and absent mean the same.
// The *_from_json functions check every field's type and value and throw InvalidInput
// naming the field (with `source` and `row` when given), so bad JSON never becomes data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clientele/analytics.hpp"
#include "clientele/json_object.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"
#include "clientele/database.hpp"
#include "clientele/points.hpp"
#include "clientele/loyalty.hpp"

namespace clientele {

nlohmann::json to_json(const Customer& c);
nlohmann::json to_json(const Interaction& i);
nlohmann::json to_json(const User& u);
nlohmann::json to_json(const CustomerPage& p);
nlohmann::json to_json(const InteractionPage& p);
nlohmann::json to_json(const StoreStats& s);
nlohmann::json to_json(const TagCount& t);
/// {"committed", "rows", "created", "updated", "unchanged", "rejected", "encoding",
/// "errors": [{"file", "line", "column", "value", "reason", "message"}]}.
nlohmann::json to_json(const ImportReport& r);
nlohmann::json to_json(const CheckReport& r);  ///< src/json/check_json.cpp
nlohmann::json to_json(const DamagedRecord& d);
/// {"id", "customer_id", "kind", "points", "reason", "reference", "at", "created_by"};
/// empty text is left out.
nlohmann::json to_json(const PointsEntry& e);
nlohmann::json to_json(const MergeResult& r);
nlohmann::json to_json(const MergeRecord& r);
nlohmann::json to_json(const MovedRecord& m);
nlohmann::json to_json(const ClusterOutcome& o);
/// {"records", "clusters", "candidate_pairs", "rejected_merges" (of the first pass),
/// "passes", "merged_clusters", "failed_clusters", "outcomes": [...]}.
nlohmann::json to_json(const DeduplicateResult& r);
nlohmann::json to_json(const DuplicateMatch& m);
nlohmann::json to_json(const PairExplanation& e);
/// {"id", "at", "username", "layer", "method", "outcome"} (docs/security.md).
nlohmann::json to_json(const AuthEvent& e);
/// {"required", "trusted_host_allowed", "os_user_allowed"}.
nlohmann::json to_json(const AuthPolicy& p);
/// {"id", "at", "user", "layer", "action", "customer" (when set), "target", "detail"
/// (object; null when redacted), "redacted", "hash"} (docs/audit.md).
nlohmann::json to_json(const AuditEntry& e);
/// {"ok", "entries", "redacted", "first_id", "last_id", "pruned_through", "head_hash", "problems"}.
nlohmann::json to_json(const AuditVerification& v);
/// Reads {"customer", "user", "action", "from", "to", "before_id", "limit"}.
AuditFilter audit_filter_from_json(const nlohmann::json& j);
/// {"files": [paths], "interactions", "points_entries", "merges", "reminders", "cases",
/// "level_changes"}.
nlohmann::json to_json(const SubjectExport& e);
/// {"dry_run", "customers": [customers]}.
nlohmann::json to_json(const RetentionResult& r);
/// Reads {"as_of" (required), "prospect_days", "dry_run" (default true)}.
RetentionOptions retention_options_from_json(const nlohmann::json& j);

/// Reads a customer. Read-only fields (id, created_at, updated_at, version, status and the
/// normalized contact forms) are accepted and kept, so a record read back round-trips.
Customer customer_from_json(const nlohmann::json& j, std::string_view source = "json", std::int64_t row = 0);
Interaction interaction_from_json(const nlohmann::json& j, std::string_view source = "json", std::int64_t row = 0);
User user_from_json(const nlohmann::json& j, std::string_view source = "json");
CustomerFilter customer_filter_from_json(const nlohmann::json& j);
InteractionFilter interaction_filter_from_json(const nlohmann::json& j);
/// Reads {"kind", "points", "reason", "reference", "at"} (kind and points required);
/// InvalidInput naming the field otherwise. The sign rules are checked by the store.
PointsEntry points_entry_from_json(const nlohmann::json& j, std::string_view source = "json", std::int64_t row = 0);
/// Reads {"kind", "from", "to", "limit"}.
PointsFilter points_filter_from_json(const nlohmann::json& j);
/// Loyalty (docs/loyalty.md): {"entry_id", "at", "expires_at" (when set), "points",
/// "remaining"}; {"customers", "entries", "points"}; {"customer_id", "from", "to", "at",
/// "basis_value"}.
nlohmann::json to_json(const PointsLot& l);
nlohmann::json to_json(const ExpiryReport& r);
nlohmann::json to_json(const LevelChange& c);
/// {"field": "rule", ...} -> rules; InvalidInput naming an unknown field or rule.
std::map<std::string, MergeRule> merge_rules_from_json(const nlohmann::json& j);
MergeFilter merge_filter_from_json(const nlohmann::json& j);
/// An array of clusters, each {"ids": [...], "score": 0.97, "survivor": "..."} (score 1 and
/// survivor automatic when absent) or just an array of ids.
std::vector<MergeCluster> merge_clusters_from_json(const nlohmann::json& j);
/// RFM segment rules [{"name", "r": [min, max], "f": [min, max]}, ...], the first match
/// winning; InvalidInput naming "segments[i].r" and so on.
std::vector<SegmentRule> segment_rules_from_json(const nlohmann::json& j);

/// How deep a JSON text may nest: a custom-field object (kMaxJsonDepth) inside the record
/// or patch that carries it.
inline constexpr int kMaxJsonTextDepth = kMaxJsonDepth + 2;

/// Why a JSON text was refused: `field` is the path to the offending value ("custom.a[0]",
/// "" for the text as a whole); `syntax` when the text is not JSON at all.
struct JsonTextProblem {
    std::string field, reason;
    bool syntax = false;
};

/// The one JSON text parser every entry point uses. It refuses, before building anything
/// deeper, text nested deeper than `max_depth` arrays/objects, and an integer written
/// beyond 64 bits (which nlohmann would silently turn into an inexact float). nullopt with
/// `problem` filled when refused; never throws.
std::optional<nlohmann::json> read_json_text(std::string_view text, int max_depth, JsonTextProblem& problem);

/// Parses UTF-8 text that must be a JSON object; InvalidInput otherwise.
nlohmann::json parse_json_object(std::string_view text, std::string_view source = "json");

/// Parses any JSON value; every failure (bad syntax, a number too large for a double, an
/// integer beyond 64 bits, nesting deeper than kMaxJsonTextDepth) is an InvalidInput naming
/// `source` and the field, never a nlohmann exception.
nlohmann::json parse_json(std::string_view text, std::string_view source = "json");

/// For callers that try JSON first and fall back to another reading of the text (JSON
/// Lines, a plain value): nullopt when the text is not JSON; InvalidInput naming `source`
/// and `row` when it is JSON the rules refuse (too deep, an integer beyond 64 bits).
std::optional<nlohmann::json> try_parse_json(std::string_view text, std::string_view source = "json",
                                             std::int64_t row = 0);

/// Custom fields between their value type and a document: `j` must be an object whose
/// text is valid UTF-8, nested at most kMaxJsonDepth deep, else InvalidInput naming `field`.
JsonObject to_json_object(const nlohmann::json& j, std::string_view field = "custom");
nlohmann::json to_nlohmann(const JsonObject& o);

/// Custom fields as the store keeps them; nullopt when the text is not a JSON object within
/// the rules of JsonObject::parse (a damaged file, or one an older version wrote deeper than
/// kMaxJsonDepth, which the store reports as CorruptData).
std::optional<JsonObject> stored_json_object(std::string_view text);

/// Wraps text the core itself dumped from an object (canonical by construction) without
/// parsing it again.
JsonObject adopt_canonical_json(std::string canonical);

}  // namespace clientele

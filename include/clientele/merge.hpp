// clientele — merging duplicate customers into one survivor, and undoing it.
//
// The types of Merges::merge / unmerge / history (merges.hpp) and the survivorship rules,
// which are plain functions of customer values (no I/O): given the survivor and the
// customers merged into it, `combine_customers` says what the survivor becomes. See
// docs/merge.md.
#pragma once

#include "clientele/export.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "clientele/model.hpp"

namespace clientele {

/// How one field of the survivor is chosen among the merged customers' values. Empty
/// values never win while a non-empty one exists.
enum class MergeRule {
    verified,       ///< the most recently verified record's (last_verified_at), then most_recent
    most_recent,    ///< the most recently updated record's (updated_at)
    most_complete,  ///< the longest value (most characters; for custom: most keys)
    survivor,       ///< the survivor's; another record's only when the survivor's is empty
    combine,        ///< text: every distinct value, one per line; custom: keys of all records
};

CLIENTELE_API std::string_view to_string(MergeRule);
CLIENTELE_API MergeRule parse_merge_rule(std::string_view, std::string_view field = "rules");

/// The fields a rule may be given for: "name" (display, given and family name together),
/// every other text field of a customer (docs/data-model.md: "company_name", "job_title",
/// "notes", ...), "birthday", "gender", "owner", "custom", "kind".
CLIENTELE_API const std::vector<std::string>& merge_rule_fields();

/// The rule of every field when none is given: verified for all, except notes (combine),
/// owner and kind (survivor). custom always gets the keys of every record; the rule says
/// whose value wins where two records have the same key.
CLIENTELE_API MergeRule default_merge_rule(std::string_view field);

struct MergeOptions {
    /// Per field (merge_rule_fields()); unlisted fields use default_merge_rule.
    std::map<std::string, MergeRule> rules;
    /// Compute and return the result, write nothing.
    bool dry_run = false;
};

/// Something that moves to the survivor: "email", "phone", "address", "tag", "consent"
/// (value as in the customer JSON), "interaction" (value {"id": uuid}) or "points" (a
/// points ledger entry, value {"id", "kind", "points", "at"}).
struct MovedRecord {
    std::string kind;
    Uuid from;                 ///< the merged customer it came from
    std::string value;         ///< JSON text: the record as in the customer's JSON form
    /// Already on the survivor (same normalized email, E.164 phone, address, tag) or
    /// outvoted (an older consent decision): not added again.
    bool duplicate = false;
};

struct MergeResult {
    Uuid merge_id;                   ///< nil for a dry run
    Customer survivor;               ///< as it is after the merge (or would be)
    std::vector<Customer> merged;    ///< the merged customers as they were before
    std::vector<MovedRecord> moved;  ///< every record that moves (or would)
    bool dry_run = false;
};

enum class MergeStatus { applied, undone };
CLIENTELE_API std::string_view to_string(MergeStatus);
CLIENTELE_API MergeStatus parse_merge_status(std::string_view, std::string_view field = "status");

/// The lineage of one merge.
struct MergeRecord {
    Uuid id;
    Uuid survivor;
    std::vector<Uuid> merged;
    std::string merged_by;  ///< username
    Timestamp merged_at{};
    MergeStatus status = MergeStatus::applied;
    std::string undone_by;  ///< username; empty while applied
    std::optional<Timestamp> undone_at;
};

/// Which merges Merges::history lists; unset members do not filter.
struct MergeFilter {
    std::string customer;  ///< survivor or merged customer (UUID or external id)
    std::optional<MergeStatus> status;
    std::size_t limit = 100;  ///< newest first, 1..10000
};

/// One group of customers believed to be one person (from the matcher), to merge.
struct MergeCluster {
    std::vector<std::string> ids;  ///< UUIDs or external ids
    double score = 1.0;            ///< the matcher's confidence; compared with the threshold
    std::string survivor;          ///< empty = choose_survivor()
};

/// What Merges::apply did with one cluster.
struct ClusterOutcome {
    /// merged; review: scored below the threshold; single: one customer, nothing to merge;
    /// failed: the merge was refused (the cluster was left as it was).
    enum class Action { merged, review, single, failed };
    Action action = Action::review;
    Uuid merge_id;      ///< merged: the merge; undo it with unmerge(merge_id)
    Uuid survivor;      ///< merged: the survivor
    ErrorCode error = ErrorCode::ok;  ///< failed: why (the cluster was left as it was)
    std::string message;
};

CLIENTELE_API std::string_view to_string(ClusterOutcome::Action);

/// What Merges::deduplicate matches and how it merges.
struct DeduplicateOptions {
    /// The matcher's settings; pairs at or above matcher.threshold are merged.
    DedupeOptions matcher;
    /// Survivorship rules. With merge.dry_run one pass is made and nothing is written.
    MergeOptions merge;
};

/// What Merges::deduplicate did.
struct DeduplicateResult {
    /// UUIDs of the active customers the first pass matched, in store order.
    std::vector<std::string> ids;
    /// The matcher's answer over `ids` in the first pass (clusters, pairs for review).
    DedupeResult first;
    /// Every cluster of two or more customers tried, pass after pass, in order.
    std::vector<ClusterOutcome> outcomes;
    /// Matcher passes made; the last one found nothing left to merge (or wrote nothing).
    std::size_t passes = 0;
    std::size_t merged = 0;  ///< clusters merged over all passes
    std::size_t failed = 0;  ///< clusters refused (left as they were)
};

/// What create_customer does when the matcher finds the new customer already in the store.
enum class OnDuplicate {
    allow,   ///< create it anyway
    reject,  ///< Conflict naming the match; nothing is created
    merge,   ///< create it and merge it into the best match (which survives)
};

/// A likely match of a candidate customer: the existing customer's ref and a score.
struct DuplicateMatch {
    std::string id;  ///< UUID or external id of the existing customer
    double score = 0;
    // Filled by Duplicates::find (other matchers may leave them empty):
    std::string display_name;
    double weight = 0;                      ///< log2 odds of a match (score = its probability)
    std::vector<FieldContribution> fields;  ///< each field's part in the weight
};

/// What Duplicates::find looks at and returns.
struct FindDuplicatesOptions {
    double threshold = 0.5;  ///< matches whose probability is below it are left out; 0..1
    /// Existing customers scored at most, those with the most evidence first (a shared email
    /// or phone, then shared name/birthday/address keys; docs/dedupe.md); 1..1000.
    std::size_t candidates = 10;
};

/// The matcher the create hook calls (the dedupe subsystem supplies one; any callable
/// returning likely matches works). It runs inside the create's transaction.
using DuplicateFinder = std::function<std::vector<DuplicateMatch>(const Customer& candidate)>;

struct CreateOptions {
    OnDuplicate on_duplicate = OnDuplicate::allow;
    DuplicateFinder find_duplicates;  ///< empty = Duplicates::find (the dedupe engine)
    double threshold = 0.0;           ///< matches scoring below it are ignored (0: the store matcher uses 0.9)
    MergeOptions merge;               ///< rules for OnDuplicate::merge
};

/// The survivor after merging `others` into `survivor` (pure; the store calls it): fields by
/// `rules`, contact points and tags united without duplicates (by normalized form), consent
/// per channel the latest decision, created_at the earliest, last_verified_at the latest.
/// `moved` (if given) receives what moves from each of `others`.
CLIENTELE_API Customer combine_customers(const Customer& survivor, const std::vector<Customer>& others,
                                         const MergeOptions& options, std::vector<MovedRecord>* moved = nullptr);

/// The customer that survives when none is named: the most complete (most non-empty
/// fields and contact points), then the most recently verified, then the first given.
CLIENTELE_API std::size_t choose_survivor(const std::vector<Customer>& customers);

// The JSON text forms of these types are in clientele/json.hpp.

}  // namespace clientele

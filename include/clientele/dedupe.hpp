// clientele — finding the same customer in many records (the matching half of
// deduplication): normalization, blocking, comparison, Fellegi-Sunter scoring with m/u
// learnt by EM on the data itself, and clustering. Works on records in memory and knows
// nothing of SQLite; see docs/dedupe.md.
#pragma once

#include "clientele/export.h"
#include "clientele/model.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace clientele {

/// One input row, in the import issue's customer column names. Every field may be empty.
/// `email` and `phone` may hold several values separated by ';' (or ',' / '|').
struct MatchRecord {
    std::string id;
    std::string name;         ///< full name when given/family are not split
    std::string given_name;
    std::string family_name;
    std::string email;
    std::string phone;
    std::string street;
    std::string street2;      ///< a second address line (building, locality)
    std::string city;
    std::string postcode;
    std::string country;      ///< ISO 3166 alpha-2; chooses the phone region of this record
    std::string birthday;     ///< YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD or DD.MM.YYYY
    std::string company;
};

struct DedupeOptions {
    /// Region for phone numbers without a country code when a record has no country.
    std::string default_region = "CN";
    /// Pairs whose match probability is at least this are joined into one cluster.
    double threshold = 0.9;
    /// Pairs at or above this (and below `threshold`) are reported for review.
    double review_threshold = 0.5;
    /// Worker threads; 0 = the hardware's.
    unsigned threads = 0;
    /// Rounds of expectation-maximisation for the m probabilities.
    int em_iterations = 12;
};

/// One field's part in a pair's score: its agreement level and weight in bits (log2 of
/// m/u; positive is evidence for a match).
struct FieldContribution {
    std::string field;
    std::string level;
    double weight = 0;
};

struct PairExplanation {
    std::size_t a = 0, b = 0;       ///< record indexes
    double prior_weight = 0;        ///< log2 of the prior odds of a match
    double weight = 0;              ///< prior + sum of the field weights
    double probability = 0;         ///< 2^weight / (1 + 2^weight)
    std::vector<FieldContribution> fields;
};

struct ScoredPair {
    std::uint32_t a = 0, b = 0;  ///< record indexes, a < b
    float weight = 0;            ///< log2 odds of a match
    float probability = 0;
};

struct DedupeResult {
    /// Per input record, a cluster number (0-based, dense; the records of one real
    /// customer share it).
    std::vector<std::uint32_t> cluster;
    /// Per cluster number: the lowest probability among the pairs that joined it (1 for a
    /// single record or records identical after normalization) - the cluster's confidence.
    std::vector<float> cluster_score;
    /// Pairs joined (probability >= threshold) or for review (>= review_threshold).
    std::vector<ScoredPair> pairs;
    std::size_t candidate_pairs = 0;  ///< pairs compared after blocking
    std::size_t clusters = 0;
    std::size_t rejected_merges = 0;  ///< cluster joins refused because members conflict
};

/// Deduplication over one set of records: normalizes them once, learns the model from
/// them, then answers dedupe() and explain() for any pair.
class CLIENTELE_API Deduplicator {
public:
    Deduplicator(std::vector<MatchRecord> records, DedupeOptions options = {});
    Deduplicator(Deduplicator&&) noexcept;
    Deduplicator& operator=(Deduplicator&&) noexcept;
    ~Deduplicator();

    std::size_t size() const noexcept;
    const DedupeOptions& options() const noexcept;

    /// Blocks, trains (once), scores and clusters.
    DedupeResult run();
    /// Per-field contributions for records a and b (indexes); trains first if needed.
    /// InvalidInput if an index is out of range.
    PairExplanation explain(std::size_t a, std::size_t b);

    /// Trains from labelled pairs instead of (before) EM: m from the pairs labelled as
    /// matches, prior from their share. Pairs are record indexes.
    void train_from_labels(const std::vector<std::pair<std::size_t, std::size_t>>& matches);

    /// Scores with a fixed model instead of learning one, for a handful of records where EM
    /// has nothing to learn from (the per-insert check, Duplicates::find): u the
    /// typical values of random pairs of a customer base, m EM's starting values, a prior of
    /// 1 match in 1024 candidate pairs, no term-frequency adjustment. See docs/dedupe.md.
    void use_fixed_model();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Reads customer rows from a CSV file with a header (UTF-8 or GB18030). Known columns,
/// case-insensitive: id (external_id, customer_id), name (full_name, display_name),
/// given_name (first_name), family_name (last_name, surname), email, phone (mobile,
/// telephone), street (address, address_1), street2 (address_2), city (suburb, town),
/// postcode (zip, postal_code), country, birthday (date_of_birth, dob), company; several
/// email or phone columns are all used. Other columns are ignored. Values are trimmed. A
/// row without an id gets its 1-based row number. InvalidInput names file, line and
/// column on malformed CSV, and the file when it has no name, email or phone column.
CLIENTELE_API std::vector<MatchRecord> read_match_records(const std::filesystem::path& path);

/// Records from named columns of equal length (a DataFrame's), with the column names
/// read_match_records knows; other columns are ignored. InvalidInput if the lengths differ
/// or there is no name, email or phone column.
CLIENTELE_API std::vector<MatchRecord> match_records_from_columns(const std::vector<std::string>& names,
                                                                  const std::vector<std::vector<std::string>>& columns);

/// A stored customer as a record to match: id = its UUID, given/family names (display
/// name for a company without a contact name), every email and phone, the primary (else
/// first) address, birthday, company name.
CLIENTELE_API MatchRecord match_record(const Customer& customer);

/// One call: cluster numbers for `records`.
CLIENTELE_API DedupeResult dedupe(std::vector<MatchRecord> records, const DedupeOptions& options = {});

}  // namespace clientele

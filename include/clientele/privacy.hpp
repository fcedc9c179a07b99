// clientele — privacy requests (PIPL / GDPR): db.privacy() (docs/privacy.md).
//
// Anonymizing keeps a customer as a pseudonymous record (its UUID, purchases, segment) so
// analytics stay right, and wipes what identifies the person, everywhere the store keeps a
// copy. Erasing is Customers::remove. A subject-access export writes everything held about
// one person. Retention deletes prospects nobody has dealt with for too long. Consent for a
// marketing purpose is CustomerFilter::consented, honoured by lists and exports alike.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"

namespace clientele {

/// What a subject-access export wrote (Privacy::subject_export).
struct SubjectExport {
    std::vector<std::filesystem::path> files;  ///< in the directory, in the order written
    std::int64_t interactions = 0;
    std::int64_t points_entries = 0;
    std::int64_t merges = 0;
    std::int64_t reminders = 0;      ///< care reminders of any status
    std::int64_t cases = 0;          ///< complaint and suggestion cases, with their history
    std::int64_t level_changes = 0;  ///< membership level history
};

struct RetentionOptions {
    Timestamp as_of{};  ///< the day the rule is applied for; required
    /// Delete prospects (customers without a purchase) with no interaction and no change for
    /// this many days (by their last interaction, else their last update). 0 = off.
    std::int64_t prospect_days = 0;
    /// Compute the list only; delete nothing.
    bool dry_run = true;
};

struct RetentionResult {
    std::vector<Customer> customers;  ///< deleted (or, in a dry run, to be deleted)
    bool dry_run = true;
};

/// Privacy requests over the store (Database::privacy()). Every call here is an admin's:
/// other roles get PermissionDenied.
class CLIENTELE_API Privacy : public Feature {
public:
    /// Wipes the personal fields of a customer irreversibly: names, company and job title,
    /// notes, emails, phones, addresses, birthday, consent, external id, and the custom fields
    /// named by the setting `personal_custom_fields` (all of them when unset), plus the
    /// subjects, bodies and custom fields of its interactions, the notes on its reminders
    /// and cases (and its follow-ups' reasons), its full-text and match-key
    /// rows, the records merged into it and its merges' before-images (which makes those
    /// merges impossible to undo). Keeps the UUID, kind, gender, source, owner, tags,
    /// membership level, language, status history and every amount and date of its
    /// interactions. Returns the customer as stored (status anonymized).
    Customer anonymize(std::string_view ref);

    /// Writes everything the store holds about a person into `dir` (created if missing; the
    /// files must not exist yet): subject.json (profile, interactions, points and their lots,
    /// membership level history, care reminders, service cases with their history, merges and
    /// the audit entries about the person, in one document), profile.csv (field,value),
    /// interactions.csv, points.csv, reminders.csv and cases.csv.
    SubjectExport subject_export(std::string_view ref, const std::filesystem::path& dir) const;

    /// Applies the retention rule: in a dry run lists the customers it would delete; else
    /// deletes them (Customers::remove, so every derived copy goes too) in one transaction.
    RetentionResult apply_retention(const RetentionOptions& options);

    /// Made by the Database (a store::Session is internal to the library).
    explicit Privacy(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

// clientele — the audit trail: db.audit() (docs/audit.md).
//
// Every change is recorded with who made it, when and from which layer, in the same
// transaction as the change: customers created, changed (the before and after of each
// changed field), archived, deleted, anonymised, merged and unmerged; imports (one entry per
// row and a summary); interactions and points; users, roles and settings; logins and
// refused logins; exports of personal data and marketing lists. Entries are hash-chained:
// verify() finds any entry edited, removed or moved since it was written.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"

namespace clientele {

/// One recorded change.
struct AuditEntry {
    std::int64_t id = 0;       ///< position in the trail, from 1, without gaps
    Timestamp at{};
    std::string user;          ///< who acted (at a login: the name given)
    std::string layer;         ///< "c++", "c", "python", "cli"
    std::string action;        ///< "customer.update", "merge", "auth.failed", ... (docs/audit.md)
    std::optional<Uuid> customer;  ///< the customer it is about
    std::string target;        ///< what else it names: a user, a setting, a file, a merge
    /// The details as a JSON object's text ("{}" for none), e.g. {"changes": {"phones":
    /// {"before": ..., "after": ...}}}; empty once the person was erased or anonymised.
    std::string detail;
    bool redacted = false;     ///< the detail was blanked by an erasure or anonymisation
    std::string hash;          ///< this entry's chain hash, hex
};

/// Which entries Audit::list returns; unset members do not filter. Newest first.
struct AuditFilter {
    std::string customer;   ///< UUID or external id (an erased customer: its UUID)
    std::string user;       ///< who acted
    std::string action;     ///< exact, or a prefix ending in '.' ("customer.")
    std::optional<Timestamp> from, to;  ///< from <= at < to
    std::int64_t before_id = 0;         ///< paging: entries older than this id (0 = newest)
    std::size_t limit = 100;            ///< 1..10000
};

/// What Audit::verify found.
struct AuditVerification {
    bool ok = true;
    std::int64_t entries = 0;        ///< entries checked
    std::int64_t redacted = 0;       ///< of them, with their detail blanked by an erasure
    std::int64_t first_id = 0, last_id = 0;
    std::int64_t pruned_through = 0; ///< entries up to this id were removed by retention
    std::string head_hash;           ///< hex hash of the last entry: keep it elsewhere as an anchor
    std::vector<std::string> problems;  ///< one line each, first 100
};

/// The audit trail (Database::audit()). Reading and pruning it is an admin's; verifying is
/// open to every role (it shows no content).
class CLIENTELE_API Audit : public Feature {
public:
    /// Entries matching `filter`, newest first.
    std::vector<AuditEntry> list(const AuditFilter& filter = {}) const;

    /// Walks the whole trail: each entry's hash over its fields, each link to the entry
    /// before, ids without gaps, the detail against its hash (unless redacted) and the head
    /// against the last entry. With `anchor_id`/`anchor_hash` (hex, from an earlier
    /// verify or head, kept outside the file) also checks that entry still has that hash,
    /// which catches a trail rewritten from there on.
    AuditVerification verify(std::int64_t anchor_id = 0, std::string_view anchor_hash = {}) const;

    /// Removes entries older than `as_of` minus the setting audit.retention_days (nothing
    /// when it is 0, the default), keeping the chain verifiable from the first entry kept.
    /// Records itself. Returns how many entries were removed.
    std::int64_t prune(Timestamp as_of);

    /// Made by the Database (a store::Session is internal to the library).
    explicit Audit(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

// clientele — checking a store for damage: db.checker() (what each check looks at is in
// docs/check.md). A check only reads; it runs on a file the open found damaged too, which
// is the point of it.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <string>
#include <vector>

#include "clientele/feature.hpp"

namespace clientele {

struct CheckOptions {
    /// SQLite's quick_check instead of the full integrity_check, and no per-record checks
    /// (reading every record, its search document and its match keys): seconds instead of
    /// minutes on a large store.
    bool quick = false;
};

/// One thing found wrong.
struct CheckProblem {
    std::string check;    ///< which check found it: "file", "sqlite", "foreign_keys", "records", "cards", "search", "match_keys", "points"
    std::string subject;  ///< what it is about: "customer #12 (uuid)", "interaction #7", "table customer_tags", or ""
    std::string detail;   ///< what is wrong, in words
};

struct CheckReport {
    std::vector<std::string> checks;     ///< the checks that ran, in order
    std::vector<CheckProblem> problems;  ///< empty when the store is whole
    std::int64_t customers = 0;          ///< customers looked at
    std::int64_t interactions = 0;       ///< interactions looked at (per-record checks only)
    bool ok() const noexcept { return problems.empty(); }
};

class CLIENTELE_API Checker : public Feature {
public:
    /// Runs every check and reports what it finds; throws only when the checks cannot run
    /// at all (PermissionDenied: only an admin sees every record to check). Reads only.
    CheckReport run(const CheckOptions& options = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Checker(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

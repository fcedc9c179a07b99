// clientele — the HTML report of the customer base: db.reports() (what each section shows,
// how its charts are drawn: docs/report.md). One self-contained file, inline CSS and SVG
// drawn by the library, no script and nothing fetched (its Content-Security-Policy forbids
// it), in Chinese or English. It covers the customers the current user can see, so a
// salesperson's report is of their own customers; `owner` narrows it further.
#pragma once

#include "clientele/export.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "clientele/feature.hpp"

namespace clientele {

struct ReportOptions {
    /// The last day the report counts (UTC); required.
    std::chrono::sys_days as_of{};
    /// The first day of the period the headline figures and the stage transitions cover;
    /// the previous period is as long and ends the day before. Unset: 30 days up to as_of.
    std::optional<std::chrono::sys_days> from;
    /// "zh-CN" or "en" (InvalidInput, field "lang", for anything else).
    std::string lang = "zh-CN";
    /// Only the customers owned by this user (of those visible); empty = all visible.
    std::string owner;
    /// ISO 4217 code to count; empty = the only currency of the purchases (as db.analytics()).
    std::string currency;
    /// How many customers the top-customers table lists (1..100).
    int top_customers = 20;
    /// Display names in the top-customers table; false shows public references only, for a
    /// report that leaves the team.
    bool show_names = true;
    /// Verification older than this many days counts as stale in the data-quality section.
    int stale_days = 365;
};

/// Where a report may be written; the file is replaced whole or not at all.
class CLIENTELE_API Reports : public Feature {
public:
    /// The report as HTML text (UTF-8). InvalidInput for a bad lang, a `from` after as_of,
    /// out-of-range numbers or an unknown owner; the errors of db.analytics() otherwise.
    std::string html(const ReportOptions& options) const;
    /// Writes html(options) to `path` through a temporary file renamed over it. InvalidInput
    /// (field "out") when `path` is the database or one of its companion files,
    /// StorageError when it cannot be written; nothing is left behind either way.
    void write_html(const std::filesystem::path& path, const ReportOptions& options) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Reports(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

// Test support for import and export: snapshots of a whole store and readable reports.
#pragma once

#include <sstream>
#include <string>

#include "clientele/clientele.hpp"
#include "json/json.hpp"

namespace clt_test {

/// Everything stored, in the export's JSON form: equal snapshots = nothing changed.
inline std::string snapshot(const clientele::Database& db) {
    std::ostringstream out;
    db.exporter().customers(out, {clientele::FileFormat::jsonl});
    db.exporter().interactions(out, {clientele::FileFormat::jsonl});
    return out.str();
}

/// Every error of a report, one message a line (for INFO).
inline std::string all_errors(const clientele::ImportReport& r) {
    std::string s;
    for (const auto& e : r.errors) s += e.message() + "\n";
    return s;
}

}  // namespace clt_test

// clientele — customer files in and out of the store: db.importer(), db.exporter()
// (formats and options in clientele/import_export.hpp, rules in docs/import-export.md).
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string_view>

#include "clientele/feature.hpp"
#include "clientele/import_export.hpp"

namespace clientele {

class CLIENTELE_API Importer : public Feature {
public:
    /// Reads customers from a CSV or JSON Lines file and stores them in one transaction:
    /// new external_ids are created, known ones updated (columns the file does not have
    /// are kept). Invalid rows are reported in the result; unless options.skip_invalid,
    /// any of them means nothing is written. Throws PermissionDenied (viewers),
    /// StorageError (cannot open, disk full), Cancelled (the progress callback said so).
    ImportReport customers(const std::filesystem::path& file, const ImportOptions& options = {});
    /// The same from a stream the caller keeps open; `name` appears in the errors.
    ImportReport customers(std::istream& in, std::string_view name, const ImportOptions& options = {});
    /// Interactions; each names its customer by external_id or UUID.
    ImportReport interactions(const std::filesystem::path& file, const ImportOptions& options = {});
    ImportReport interactions(std::istream& in, std::string_view name, const ImportOptions& options = {});

    /// Made by the Database (a store::Session is internal to the library).
    explicit Importer(store::Session& s) noexcept : Feature(s) {}
};

class CLIENTELE_API Exporter : public Feature {
public:
    /// Every visible customer / interaction, in a form import reads back exactly.
    /// Returns how many were written.
    std::int64_t customers(const std::filesystem::path& file, const ExportOptions& options = {}) const;
    std::int64_t customers(std::ostream& out, const ExportOptions& options = {}) const;
    std::int64_t interactions(const std::filesystem::path& file, const ExportOptions& options = {}) const;
    std::int64_t interactions(std::ostream& out, const ExportOptions& options = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Exporter(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele

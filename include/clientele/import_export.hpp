// clientele — moving customer files in and out: CSV (RFC 4180, UTF-8 or GB18030) and JSON
// Lines. Used through db.importer() and db.exporter() (transfer.hpp).
//
// Import is streaming (constant memory), all-or-nothing by default (one transaction;
// every invalid row is reported and nothing is written) and idempotent: customers are
// matched by external_id (or uuid), interactions by their external_id or by customer +
// time + kind + amount, so importing the same file twice changes nothing the second time.
#pragma once

#include "clientele/cells.hpp"
#include "clientele/customers.hpp"
#include "clientele/interactions.hpp"
#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace clientele {

enum class FileFormat { csv, jsonl };
enum class TextEncoding { automatic, utf8, gb18030 };
/// What happens to a CSV column that is not a known field name and not in the column map.
enum class UnknownColumns { custom, ignore, error };

CLIENTELE_API FileFormat parse_file_format(std::string_view name);  ///< "csv", "jsonl"
CLIENTELE_API TextEncoding parse_text_encoding(std::string_view name);  ///< "auto", "utf-8", "gb18030"
CLIENTELE_API UnknownColumns parse_unknown_columns(std::string_view name);  ///< "custom", "ignore", "error"

struct ImportProgress {
    std::uint64_t bytes_read = 0;
    std::uint64_t bytes_total = 0;  ///< 0 when unknown (a stream)
    std::int64_t rows = 0;
};

struct ImportOptions {
    FileFormat format = FileFormat::csv;
    TextEncoding encoding = TextEncoding::automatic;  ///< auto: UTF-8 if valid, else GB18030
    char delimiter = ',';
    /// CSV column (header text) -> field name ("email", "custom.vip_level", "ignore", ...),
    /// for columns the default names (docs/import-export.md) do not cover.
    std::map<std::string, std::string> column_map;
    UnknownColumns unknown_columns = UnknownColumns::custom;
    /// Write the valid rows and reject the others, instead of writing nothing.
    bool skip_invalid = false;
    /// When set, the rejected rows are written here, in the input's format, with their
    /// reason in an `import_error` column (key), which import ignores: fix and re-import.
    std::ostream* rejected_rows = nullptr;
    /// Or the file to write them to (instead of rejected_rows): replaced whole when the
    /// import ends, committed or not; one that is the database or its -wal/-shm/-journal is
    /// refused (InvalidInput) before anything is read or written.
    std::filesystem::path rejected_path;
    /// Zone of timestamps without an offset: "UTC", "+08:00" or an IANA name ("Asia/Shanghai").
    std::string default_time_zone = "UTC";
    /// What a bare number in a time column counts (TimeUnit::none: such a cell is refused).
    TimeUnit time_unit = TimeUnit::none;
    /// How dates written year last ("05/01/2024") are read (DateOrder::iso: refused).
    DateOrder date_order = DateOrder::iso;
    /// How every time cell is written when not ISO ("%d/%m/%Y", "%Y%m%d"; CellRules::date_format).
    std::string date_format;
    /// Errors kept in the report (every one is counted in `rejected`).
    std::size_t max_errors = 1000;
    /// Called every few thousand rows; return false to cancel (nothing is written, and
    /// the import throws Cancelled).
    std::function<bool(const ImportProgress&)> progress;
    /// Read the file as `encoding` even when it looks otherwise. Without it, gb18030 is
    /// refused (InvalidInput) for a file whose first 64 KiB are valid UTF-8 with non-ASCII
    /// text, which GB18030 would read as mojibake (docs/import-export.md, "Encodings").
    bool force_encoding = false;
};

/// One rejected row (or, with line 0 / an empty column, the file itself).
struct CLIENTELE_API RowError {
    std::string file;
    std::int64_t line = 0;  ///< 1-based line the row starts on
    std::string column;     ///< header name (CSV) or field name
    std::string value;      ///< the offending value, cut to 200 bytes
    std::string reason;
    std::string message() const;  ///< "file:line: column 'x': reason"
};

struct ImportReport {
    std::int64_t rows = 0;  ///< data rows read
    std::int64_t created = 0, updated = 0, unchanged = 0, rejected = 0;
    /// True when the import was written. False in all-or-nothing mode with any error, and
    /// whenever the file itself is unreadable (bad quoting, bytes not in the encoding).
    bool committed = false;
    std::string encoding;  ///< as read: "utf-8" or "gb18030"
    std::vector<RowError> errors;
};

/// A record an export left out because it cannot be read back (ExportOptions::skip_damaged).
struct DamagedRecord {
    std::string record;  ///< "customer #12 (uuid, external id)", "interaction #7"
    std::string reason;  ///< the CorruptData message
};

struct ExportOptions {
    FileFormat format = FileFormat::csv;
    /// CSV: put a single quote before a cell a spreadsheet would run as a formula (one
    /// starting with = + - @, a tab or a CR), as OWASP recommends. Import takes it off
    /// again, so the file reads back unchanged (docs/import-export.md, "Formula guard").
    bool formula_guard = true;
    /// Leave out the records that cannot be read back (CorruptData: a damaged card, a
    /// stored value no clientele writes) instead of failing the whole export; the rest is
    /// written. Without it, one damaged record fails the export (and leaves no file).
    bool skip_damaged = false;
    /// With skip_damaged: each record left out is appended here, when set.
    std::vector<DamagedRecord>* damaged = nullptr;
    /// Which customers a customer export covers (not with skip_damaged, which walks every
    /// visible record); set `customers.consented` for a marketing
    /// purpose (docs/privacy.md).
    CustomerFilter customers{};
    /// Which interactions an interaction export covers.
    InteractionFilter interactions{};
};

}  // namespace clientele

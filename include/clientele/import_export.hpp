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
    /// Zone of timestamps without an offset: "UTC", "+08:00" or an IANA name ("Asia/Shanghai").
    std::string default_time_zone = "UTC";
    /// What a bare number in a time column counts (TimeUnit::none: such a cell is refused).
    TimeUnit time_unit = TimeUnit::none;
    /// How dates written year last ("05/01/2024") are read (DateOrder::iso: refused).
    DateOrder date_order = DateOrder::iso;
    /// Errors kept in the report (every one is counted in `rejected`).
    std::size_t max_errors = 1000;
    /// Called every few thousand rows; return false to cancel (nothing is written, and
    /// the import throws Cancelled).
    std::function<bool(const ImportProgress&)> progress;
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

struct ExportOptions {
    FileFormat format = FileFormat::csv;
    /// Which customers a customer export covers; set `customers.consented` for a marketing
    /// purpose (docs/privacy.md).
    CustomerFilter customers{};
    /// Which interactions an interaction export covers.
    InteractionFilter interactions{};
};

}  // namespace clientele

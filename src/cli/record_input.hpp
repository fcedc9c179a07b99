// clientele CLI — reading records and values given on the command line or in files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <clientele/error.hpp>
#include <clientele/database.hpp>

namespace clientele::cli {

/// One JSON object read from a file, with where it came from.
struct SourceRecord {
    nlohmann::json object;
    std::int64_t line = 0;  ///< 1-based line in the file; 0 when the file is one object
};

/// All of a file's (or stdin's, for "-") text. InvalidInput when it cannot be read.
std::string read_text(const std::string& path);

/// The name a file is called by in messages ("<stdin>" for "-").
std::string source_name(const std::string& path);

/// The records in `text`: either one JSON object (possibly spread over many lines) or
/// JSON Lines, one object per line (blank lines skipped). Throws InvalidInput naming the
/// source and line of the first line that is not a JSON object; reads nothing further.
std::vector<SourceRecord> parse_records(const std::string& text, const std::string& source);

/// Re-raises `e`, a failure of the record on `line` of `source`, with that place in its
/// message. Call only inside the catch block that caught `e`.
[[noreturn]] void rethrow_at_line(const Error& e, const std::string& source, std::int64_t line);

/// What store_records stored, and from where.
template <class Record>
struct StoredRecords {
    std::string source;          ///< the file's name in messages (source_name)
    std::vector<Record> stored;  ///< each record as stored, in the file's order
    bool one_object = false;     ///< the file was one JSON object rather than JSON Lines
};

/// The records of the file at `path` (--from-json FILE; "-" = stdin), stored all or none:
/// every one is read with `from_json(object, source, line)` and checked first, then each is
/// stored with `store(record)` in one transaction. A failure names the record's line.
template <class Record, class FromJson, class Store>
StoredRecords<Record> store_records(Database& db, const std::string& path, FromJson&& from_json,
                                    Store&& store) {
    StoredRecords<Record> out;
    out.source = source_name(path);
    const auto records = parse_records(read_text(path), out.source);
    std::vector<Record> parsed;
    parsed.reserve(records.size());
    for (const auto& r : records) parsed.push_back(from_json(r.object, out.source, r.line));

    out.stored.reserve(parsed.size());
    {
        Transaction tx = db.transaction();
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            try {
                out.stored.push_back(store(parsed[i]));
            } catch (const Error& e) {
                rethrow_at_line(e, out.source, records[i].line);
            }
        }
        tx.commit();
    }
    out.one_object = records.size() == 1 && records[0].line == 0;
    return out;
}

/// A `key=value` argument split at the first '='; UsageError without one or with an
/// empty key. `what` names the option in the message ("--custom").
std::pair<std::string, std::string> split_assignment(const std::string& arg, const std::string& what);

/// The value as JSON when it is a JSON literal (number, true, false, null, "string",
/// array, object), otherwise as a plain string: "42" -> 42, "blue" -> "blue".
nlohmann::json loose_json_value(const std::string& value);

}  // namespace clientele::cli

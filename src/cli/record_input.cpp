#include "record_input.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <clientele/error.hpp>

#include "command_line.hpp"
#include "json/json.hpp"

namespace clientele::cli {

std::string source_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string read_text(const std::string& path) {
    if (path == "-") {
        std::ostringstream buf;
        buf << std::cin.rdbuf();
        return buf.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidInput("", std::string("cannot read file: ") + std::strerror(errno), path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<SourceRecord> parse_records(const std::string& text, const std::string& source) {
    // One object, however it is laid out.
    if (auto whole = try_parse_json(text, source)) {
        if (!whole->is_object())
            throw InvalidInput("", "expected a JSON object or JSON Lines (one object per line)", source);
        return {SourceRecord{std::move(*whole), 0}};
    }
    // JSON Lines.
    std::vector<SourceRecord> records;
    std::int64_t line_no = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        ++line_no;
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto j = try_parse_json(line, source, line_no);
        if (!j) throw InvalidInput("", "not valid JSON", source, line_no);
        if (!j->is_object()) throw InvalidInput("", "expected a JSON object", source, line_no);
        records.push_back({std::move(*j), line_no});
    }
    if (records.empty()) throw InvalidInput("", "no records (expected a JSON object or JSON Lines)", source);
    return records;
}

void rethrow_at_line(const Error& e, const std::string& source, std::int64_t line) {
    if (line == 0) throw;  // a single-object file: the message already names the source
    if (const auto* bad = dynamic_cast<const InvalidInput*>(&e)) {
        if (bad->row() != 0) throw;
        throw InvalidInput(bad->field(), bad->reason(), source, line);
    }
    throw Error(e.code(), source + ":" + std::to_string(line) + ": " + e.what());
}

std::pair<std::string, std::string> split_assignment(const std::string& arg, const std::string& what) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
        throw UsageError(what + " expects key=value, got '" + arg + "'");
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

nlohmann::json loose_json_value(const std::string& value) {
    auto j = try_parse_json(value, "--set");
    if (!j) return value;
    return std::move(*j);
}

}  // namespace clientele::cli

#include "clientele/error.hpp"

#include <cstdio>

#include "text/utf8.hpp"

namespace clientele {

const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok: return "ok";
        case ErrorCode::invalid_input: return "invalid_input";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::conflict: return "conflict";
        case ErrorCode::permission_denied: return "permission_denied";
        case ErrorCode::storage: return "storage";
        case ErrorCode::corrupt_data: return "corrupt_data";
        case ErrorCode::cancelled: return "cancelled";
        case ErrorCode::unsupported: return "unsupported";
        case ErrorCode::internal: return "internal";
    }
    return "unknown";
}

namespace {

// Valid UTF-8 is kept as is; each byte of an invalid sequence becomes the four characters
// \xHH, so a message quoting raw input never carries it raw.
std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    while (!s.empty()) {
        const auto good = text::first_invalid_utf8(s);
        out.append(s.substr(0, good));
        if (good == s.size()) break;
        char hex[5];
        std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(s[good]));
        out.append(hex);
        s.remove_prefix(good + 1);
    }
    return out;
}

// "file.csv:12: field 'email': not an email address" — the where first, so a person reading
// a long list of errors can sort and find them.
std::string describe(const std::string& source, std::int64_t row, const std::string& field,
                     const std::string& reason) {
    std::string out;
    if (!source.empty()) out.append(source);
    if (row > 0) out.append(source.empty() ? "row " : ":").append(std::to_string(row));
    if (!out.empty()) out.append(": ");
    if (!field.empty()) out.append("field '").append(field).append("': ");
    out.append(reason);
    return out;
}
}  // namespace

Error::Error(ErrorCode code, const std::string& message) : std::runtime_error(valid_utf8(message)), code_(code) {}

InvalidInput::InvalidInput(std::string field, const std::string& reason, std::string source,
                           std::int64_t row)
    : Error(ErrorCode::invalid_input, describe(source, row, field, reason)),
      field_(valid_utf8(field)),
      source_(valid_utf8(source)),
      row_(row),
      reason_(valid_utf8(reason)) {}

}  // namespace clientele

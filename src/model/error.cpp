#include "clientele/error.hpp"

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

InvalidInput::InvalidInput(std::string field, const std::string& reason, std::string source,
                           std::int64_t row)
    : Error(ErrorCode::invalid_input, describe(source, row, field, reason)),
      field_(std::move(field)),
      source_(std::move(source)),
      row_(row),
      reason_(reason) {}

}  // namespace clientele

// clientele — typed errors of the C++ API.
//
// Every failure the library reports is a clientele::Error carrying an ErrorCode. The
// numeric values of ErrorCode are the C ABI's clt_status values, so the two never drift.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clientele {

/// What kind of failure an Error is. Values are stable: they are the C ABI's status codes.
enum class ErrorCode : int {
    ok = 0,
    invalid_input = 1,      ///< bad value, bad JSON, bad file content
    not_found = 2,          ///< no such record (or not visible to the current user)
    conflict = 3,           ///< stale version, duplicate key
    permission_denied = 4,  ///< the current user's role does not allow the operation
    storage = 5,            ///< SQLite or file-system failure, read-only database
    corrupt_data = 6,       ///< file is not a clientele database, damaged records
    cancelled = 7,          ///< a caller-requested cancellation
    unsupported = 8,        ///< newer schema, unavailable feature
    internal = 9,           ///< a bug in clientele
};

/// Stable lower-case name of a code ("invalid_input", ...).
CLIENTELE_API const char* error_code_name(ErrorCode code) noexcept;

/// Base class of every exception the library throws. Its message is always valid UTF-8:
/// bytes of the input that are not (a file's raw cell, a bad JSON string) appear escaped
/// as \xFF, so the text can be shown, logged or handed to any language as is.
class CLIENTELE_API Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message);
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

/// A value that does not satisfy the rules. Carries where it came from: the source (a file
/// name, "json", an API call), the 1-based row (0 when there is none) and the field name.
class CLIENTELE_API InvalidInput : public Error {
public:
    InvalidInput(std::string field, const std::string& reason, std::string source = {},
                 std::int64_t row = 0);
    const std::string& field() const noexcept { return field_; }
    const std::string& source() const noexcept { return source_; }
    std::int64_t row() const noexcept { return row_; }
    /// The reason alone, without source/row/field decoration.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string field_;
    std::string source_;
    std::int64_t row_;
    std::string reason_;
};

class CLIENTELE_API NotFound : public Error {
public:
    explicit NotFound(const std::string& m) : Error(ErrorCode::not_found, m) {}
};
class CLIENTELE_API Conflict : public Error {
public:
    explicit Conflict(const std::string& m) : Error(ErrorCode::conflict, m) {}
};
class CLIENTELE_API PermissionDenied : public Error {
public:
    explicit PermissionDenied(const std::string& m) : Error(ErrorCode::permission_denied, m) {}
};
class CLIENTELE_API StorageError : public Error {
public:
    explicit StorageError(const std::string& m) : Error(ErrorCode::storage, m) {}
};
class CLIENTELE_API CorruptData : public Error {
public:
    explicit CorruptData(const std::string& m) : Error(ErrorCode::corrupt_data, m) {}
};
class CLIENTELE_API Cancelled : public Error {
public:
    explicit Cancelled(const std::string& m) : Error(ErrorCode::cancelled, m) {}
};
class CLIENTELE_API Unsupported : public Error {
public:
    explicit Unsupported(const std::string& m) : Error(ErrorCode::unsupported, m) {}
};

}  // namespace clientele

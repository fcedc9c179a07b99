// clientele — internals of the C ABI (include/clientele.h). Not installed.
//
// Every exported function is a thin body inside guard(): guard runs it, turns any
// exception into a clt_status and this thread's last-error message, and never lets one
// cross the ABI. The helpers below check the caller's pointers (NULL -> CLT_MISUSE),
// read JSON text with the functions of json/json.hpp and hand strings out as
// malloc'ed copies the caller frees with clt_string_free().
#pragma once

#include "clientele.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "json/json.hpp"
#include "clientele/store.hpp"

/// The handle behind the opaque clt_db: the connection and its explicit transaction,
/// if one is open. Members are destroyed in reverse order, so an open transaction is
/// rolled back before the connection closes.
struct clt_db {
    explicit clt_db(clientele::Database&& database) : db(std::move(database)) {}
    clientele::Database db;
    std::optional<clientele::Transaction> txn;
};

namespace clientele::capi {

/// The caller broke the C API's contract (a NULL argument, calls out of order). Becomes
/// CLT_MISUSE, with the offending argument as the error's field.
class Misuse : public std::logic_error {
public:
    Misuse(std::string argument, const std::string& message)
        : std::logic_error(message), argument_(std::move(argument)) {}
    const std::string& argument() const noexcept { return argument_; }

private:
    std::string argument_;
};

/// Resets this thread's last error to "" (done at the start of every guarded call).
void clear_error() noexcept;

/// Called inside a catch block: records the exception being handled as this thread's last
/// error and returns its status. `function` names the C function, for messages.
clt_status status_from_current_exception(const char* function) noexcept;

/// Runs `body` and returns CLT_OK, or the status of whatever it threw. The one place the
/// C ABI catches exceptions.
template <class Body>
clt_status guard(const char* function, Body&& body) noexcept {
    try {
        clear_error();
        std::forward<Body>(body)();
        return CLT_OK;
    } catch (...) {
        return status_from_current_exception(function);
    }
}

/// The handle, or Misuse if it is NULL.
inline clientele::Database& database(clt_db* db) {
    if (db == nullptr) throw Misuse("db", "argument 'db' must not be NULL");
    return db->db;
}

/// A required input string, or Misuse if it is NULL.
inline std::string_view text(const char* s, const char* argument) {
    if (s == nullptr)
        throw Misuse(argument, std::string("argument '") + argument + "' must not be NULL");
    return s;
}

/// A required out parameter, or Misuse if it is NULL. Sets *out to its empty value first,
/// so a failure always leaves it NULL (or 0).
template <class T>
T& out_param(T* out, const char* argument) {
    if (out == nullptr)
        throw Misuse(argument, std::string("argument '") + argument + "' must not be NULL");
    *out = T{};
    return *out;
}

/// An optional out parameter: sets it to NULL if given.
inline void reset(char** out) noexcept {
    if (out != nullptr) *out = nullptr;
}

/// A malloc'ed NUL-terminated copy of `s` for the caller (std::bad_alloc on failure).
char* copy_out(std::string_view s);

/// Stores a copy of `s` in *out if out is not NULL. Call it last: nothing may fail after.
inline void put(char** out, std::string_view s) {
    if (out != nullptr) *out = copy_out(s);
}

/// JSON as compact UTF-8 text (invalid UTF-8 in a value is replaced, never thrown).
std::string dump(const nlohmann::json& j);

inline void put_json(char** out, const nlohmann::json& j) {
    if (out != nullptr) *out = copy_out(dump(j));
}

/// A JSON array of each element's to_json().
template <class Range>
nlohmann::json json_array(const Range& items) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& item : items) a.push_back(to_json(item));
    return a;
}

/// Required JSON object text -> json (InvalidInput when it is not an object).
nlohmann::json object_arg(const char* s, const char* argument);

/// Optional JSON object text: NULL or "" -> nullopt.
std::optional<nlohmann::json> optional_object_arg(const char* s);

/// An optional filter argument read with `from_json` (customer_filter_from_json, ...):
/// NULL or "" -> the empty filter, which matches everything.
template <class Filter>
Filter filter_arg(const char* s, Filter (*from_json)(const nlohmann::json&)) {
    const auto j = optional_object_arg(s);
    return j ? from_json(*j) : Filter{};
}

/// Required JSON text of any kind -> json (InvalidInput naming `argument` when not JSON).
nlohmann::json json_arg(const char* s, const char* argument);

/// A JSON array of strings (the tags arguments) -> strings; InvalidInput otherwise.
std::vector<std::string> string_array_arg(const char* s, const char* argument);

/// Page request from the C arguments: limit 0 = the default, cursor NULL = start.
PageRequest page_request(std::size_t limit, const char* cursor);

/// A UTF-8 path from C.
std::filesystem::path utf8_path(std::string_view s);

}  // namespace clientele::capi

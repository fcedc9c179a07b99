// clientele — internals of the C ABI (include/clientele.h). Not installed.
//
// Every exported function is a thin body inside guard(): guard runs it, turns any
// exception into a clt_status and this thread's last-error message, and never lets one
// cross the ABI. The helpers below check the caller's pointers (NULL -> CLT_MISUSE),
// read JSON text with the functions of json/json.hpp and hand strings out as
// malloc'ed copies the caller frees with clt_string_free().
#pragma once

#include "clientele.h"

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clientele/database.hpp"
#include "clientele/error.hpp"
#include "json/json.hpp"

namespace clientele::capi {
/// How many clt_db handles are open in the process (clt_shutdown refuses while any is).
int open_handles() noexcept;
/// Counts a handle from construction to destruction.
struct CountedHandle {
    CountedHandle() noexcept;
    ~CountedHandle();
    CountedHandle(const CountedHandle&) = delete;
    CountedHandle& operator=(const CountedHandle&) = delete;
};
}  // namespace clientele::capi

/// The handle behind the opaque clt_db: the connection, its explicit transaction if one is
/// open, and the last failure of a call made with it (clt_db_last_error). Members are
/// destroyed in reverse order, so an open transaction is rolled back before the connection
/// closes.
struct clt_db {
    explicit clt_db(clientele::Database&& database) : db(std::move(database)) {}
    clientele::capi::CountedHandle counted;
    clientele::Database db;
    std::optional<clientele::Transaction> txn;
    std::string error;        // "" after a successful call on this handle
    std::string error_field;
};

namespace clientele::capi {

/// An exception of type Base that also names the C argument at fault, which becomes the
/// error's field (clt_last_error_field).
template <class Base>
class ArgumentError : public Base {
public:
    ArgumentError(std::string argument, const std::string& message)
        : Base(message), argument_(std::move(argument)) {}
    const std::string& argument() const noexcept { return argument_; }

private:
    std::string argument_;
};

/// The caller broke the C API's contract (a NULL argument, a buffer too small, calls out of
/// order). Becomes CLT_MISUSE.
using Misuse = ArgumentError<std::logic_error>;

/// An options struct of a version this library does not know. Becomes CLT_UNSUPPORTED.
using OptionsVersion = ArgumentError<clientele::Unsupported>;

/// Resets this thread's last error to "" (done at the start of every guarded call).
void clear_error() noexcept;

/// Misuse once clt_shutdown() has released the library: nothing may run after it.
void require_not_shut_down();

/// Called inside a catch block: records the exception being handled as this thread's last
/// error and returns its status. `function` names the C function, for messages.
clt_status status_from_current_exception(const char* function) noexcept;

/// Copies this thread's last error (or "" after a success) to the handle, for
/// clt_db_last_error. NULL db: nothing to do.
void record_on_handle(clt_db* db) noexcept;

/// Runs `body` and returns CLT_OK, or the status of whatever it threw. The one place the
/// C ABI catches exceptions.
template <class Body>
clt_status guard(const char* function, Body&& body) noexcept {
    try {
        clear_error();
        require_not_shut_down();
        std::forward<Body>(body)();
        return CLT_OK;
    } catch (...) {
        return status_from_current_exception(function);
    }
}

/// guard() for a call made with a handle: its outcome is also the handle's last error.
template <class Body>
clt_status guard(const char* function, clt_db* db, Body&& body) noexcept {
    const clt_status status = guard(function, std::forward<Body>(body));
    record_on_handle(db);
    return status;
}

/// The one check of every options struct's version (and of clt_x_options_init's
/// argument): 0 (never initialised) and versions newer than this library are both
/// Unsupported, naming the struct and how to initialise it. `argument` names the
/// parameter for clt_last_error_field.
void check_options_version(unsigned int version, unsigned int known, const char* struct_name,
                           const char* argument);

/// An options pointer: NULL -> nullptr (the caller wants the defaults), otherwise checked
/// with check_options_version.
template <class Options>
const Options* options_arg(const Options* opts, unsigned int known, const char* struct_name,
                           const char* argument = "opts") {
    if (opts != nullptr) check_options_version(opts->version, known, struct_name, argument);
    return opts;
}

/// Fills *opts with `defaults` after checking opts and version: the body of every
/// clt_x_options_init.
template <class Options>
void init_options(Options* opts, unsigned int version, const Options& defaults, const char* struct_name) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL");
    check_options_version(version, defaults.version, struct_name, "version");
    *opts = defaults;
}

/// Fills the first `size` bytes of *opts (an older, shorter version of the struct: `size` is
/// the offset of the first newer field) with `defaults` and sets its version: the body of
/// clt_x_options_init for versions older than the library's.
template <class Options>
void init_older_options(Options* opts, unsigned int version, const Options& defaults, std::size_t size) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL");
    std::memcpy(static_cast<void*>(opts), &defaults, size);
    opts->version = version;
}

/// A caller buffer of `length` elements that must hold `needed`; Misuse naming `argument`
/// when it is NULL or too small (the buffer is then left untouched).
template <class T>
T* buffer_arg(T* buffer, std::size_t length, std::size_t needed, const char* argument) {
    if (buffer == nullptr && needed > 0)
        throw Misuse(argument, std::string("argument '") + argument + "' must not be NULL");
    if (length < needed)
        throw Misuse(argument, std::string("argument '") + argument + "' holds " + std::to_string(length) +
                                   " elements; " + std::to_string(needed) + " are needed");
    return buffer;
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

/// The dedupe engine's options from the C struct (NULL = the defaults).
clientele::DedupeOptions dedupe_options(const clt_dedupe_options* opts);

}  // namespace clientele::capi

// clientele C ABI — status codes, the thread's last error, strings and versions.
#include "capi/capi.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <atomic>

#include "clientele/error.hpp"
#include "clientele/library.hpp"
#include "clientele/version.hpp"

// The C status values are the C++ error codes; keep them in step.
static_assert(CLT_OK == static_cast<int>(clientele::ErrorCode::ok));
static_assert(CLT_INVALID_INPUT == static_cast<int>(clientele::ErrorCode::invalid_input));
static_assert(CLT_NOT_FOUND == static_cast<int>(clientele::ErrorCode::not_found));
static_assert(CLT_CONFLICT == static_cast<int>(clientele::ErrorCode::conflict));
static_assert(CLT_PERMISSION_DENIED == static_cast<int>(clientele::ErrorCode::permission_denied));
static_assert(CLT_STORAGE == static_cast<int>(clientele::ErrorCode::storage));
static_assert(CLT_CORRUPT_DATA == static_cast<int>(clientele::ErrorCode::corrupt_data));
static_assert(CLT_CANCELLED == static_cast<int>(clientele::ErrorCode::cancelled));
static_assert(CLT_UNSUPPORTED == static_cast<int>(clientele::ErrorCode::unsupported));
static_assert(CLT_INTERNAL == static_cast<int>(clientele::ErrorCode::internal));

namespace clientele::capi {
namespace {

struct LastError {
    std::string message;
    std::string field;
    // Set instead of message when even recording the error ran out of memory.
    const char* fallback = nullptr;
};

thread_local LastError t_last_error;

constexpr const char* kOutOfMemory = "out of memory";

void record_out_of_memory() noexcept {
    t_last_error.message.clear();
    t_last_error.field.clear();
    t_last_error.fallback = kOutOfMemory;
}

clt_status record(clt_status status, std::string message, std::string field = {}) {
    t_last_error.message = std::move(message);
    t_last_error.field = std::move(field);
    t_last_error.fallback = nullptr;
    return status;
}

// Rethrows the exception being handled and classifies it. May itself throw
// std::bad_alloc while building a message; the caller turns that into CLT_INTERNAL.
clt_status classify(const char* function) {
    try {
        throw;
    } catch (const Misuse& e) {
        return record(CLT_MISUSE, std::string(function) + ": " + e.what(), e.argument());
    } catch (const OptionsVersion& e) {
        return record(CLT_UNSUPPORTED, e.what(), e.argument());
    } catch (const InvalidInput& e) {
        return record(CLT_INVALID_INPUT, e.what(), e.field());
    } catch (const Error& e) {
        const int code = static_cast<int>(e.code());
        if (code > CLT_OK && code <= CLT_INTERNAL) return record(static_cast<clt_status>(code), e.what());
        return record(CLT_INTERNAL, std::string(function) + ": error with unknown code " +
                                        std::to_string(code) + ": " + e.what());
    } catch (const std::bad_alloc&) {
        record_out_of_memory();
        return CLT_INTERNAL;
    } catch (const std::exception& e) {
        // What a standard exception says may quote the caller's bytes (a path); an Error
        // makes it valid UTF-8 like every other message.
        const Error readable(ErrorCode::internal, std::string("internal error in ") + function + ": " + e.what());
        return record(CLT_INTERNAL, readable.what());
    } catch (...) {
        return record(CLT_INTERNAL, std::string("internal error in ") + function +
                                        ": unknown exception");
    }
}

std::atomic<int>& handle_count() noexcept {
    static std::atomic<int> count{0};
    return count;
}

}  // namespace

int open_handles() noexcept { return handle_count().load(); }
CountedHandle::CountedHandle() noexcept { ++handle_count(); }
CountedHandle::~CountedHandle() { --handle_count(); }

void require_not_shut_down() {
    if (is_shut_down()) throw Misuse("", "clt_shutdown() has released the library; no clt_ call may follow it");
}

void record_on_handle(clt_db* db) noexcept {
    if (db == nullptr) return;
    try {
        db->error = clt_last_error();
        db->error_field = t_last_error.field;
    } catch (...) {  // out of memory: an empty message is better than a stale one
        db->error.clear();
        db->error_field.clear();
    }
}

void check_options_version(unsigned int version, unsigned int known, const char* struct_name,
                           const char* argument) {
    if (version != 0 && version <= known) return;
    std::string upper(struct_name);
    for (auto& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const std::string why = version == 0 ? "version 0 (the struct was not initialised)"
                                         : "version " + std::to_string(version) + ", newer than this library's " +
                                               std::to_string(known);
    throw OptionsVersion(argument, std::string(struct_name) + " has " + why + "; initialise it with " + upper + "_INIT or " +
                      struct_name + "_init(&opts, " + upper + "_VERSION)");
}

void clear_error() noexcept {
    t_last_error.message.clear();
    t_last_error.field.clear();
    t_last_error.fallback = nullptr;
}

clt_status status_from_current_exception(const char* function) noexcept {
    try {
        return classify(function);
    } catch (...) {
        record_out_of_memory();
        return CLT_INTERNAL;
    }
}

char* copy_out(std::string_view s) {
    auto* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p == nullptr) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace clientele::capi

extern "C" {

CLT_API const char* clt_last_error(void) {
    const auto& e = clientele::capi::t_last_error;
    return e.fallback != nullptr ? e.fallback : e.message.c_str();
}

CLT_API const char* clt_last_error_field(void) {
    return clientele::capi::t_last_error.field.c_str();
}

CLT_API const char* clt_db_last_error(const clt_db* db) { return db != nullptr ? db->error.c_str() : ""; }

CLT_API const char* clt_db_last_error_field(const clt_db* db) { return db != nullptr ? db->error_field.c_str() : ""; }

CLT_API const char* clt_status_name(clt_status status) {
    // One source of truth for the names of the ErrorCode values.
    if (status >= CLT_OK && status <= CLT_INTERNAL)
        return clientele::error_code_name(static_cast<clientele::ErrorCode>(status));
    if (status == CLT_MISUSE) return "misuse";
    return "unknown";
}

CLT_API void clt_string_free(char* s) { std::free(s); }

CLT_API const char* clt_version(void) { return clientele::version(); }

CLT_API int clt_version_number(void) { return clientele::version_number(); }

CLT_API int clt_schema_version(void) { return clientele::schema_version(); }

}  // extern "C"

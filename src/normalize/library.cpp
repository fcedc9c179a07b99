// The process-wide lifetime of the third-party objects normalize/ and dedupe/ rely on.
#include "clientele/library.hpp"

#include <atomic>
#include <mutex>

#include <unicode/uclean.h>

#include "clientele/error.hpp"
#include "normalize/phone_util.hpp"

namespace clientele {
namespace {

struct State {
    std::mutex mutex;
    int initialized = 0;  // initialize() calls not yet matched by shutdown()
    std::atomic<bool> shut_down{false};
};

State& state() {
    static State s;
    return s;
}

void refuse_after_shutdown(const State& s) {
    if (s.shut_down.load(std::memory_order_acquire))
        throw Error(ErrorCode::unsupported, "clientele was shut down in this process and cannot be used again");
}

}  // namespace

void initialize() {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    refuse_after_shutdown(s);
    UErrorCode status = U_ZERO_ERROR;
    u_init(&status);
    if (U_FAILURE(status))
        throw Error(ErrorCode::internal, std::string("ICU cannot load its data: ") + u_errorName(status));
    phone_util();
    ++s.initialized;
}

void shutdown(const std::function<void()>& before_release) {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (s.shut_down.load(std::memory_order_relaxed)) return;
    if (s.initialized > 1) {
        --s.initialized;
        return;
    }
    if (before_release) before_release();
    s.initialized = 0;
    release_phone_util();
    // Frees ICU's data, caches and the transliterator registry; only safe once no ICU
    // object of ours is alive (the caller's contract above).
    u_cleanup();
    s.shut_down.store(true, std::memory_order_release);
}

bool is_shut_down() noexcept { return state().shut_down.load(std::memory_order_acquire); }

}  // namespace clientele

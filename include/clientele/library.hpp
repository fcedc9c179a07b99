// clientele — the library's process-wide lifetime.
//
// clientele initializes itself lazily: nothing has to be called before the first Database is
// opened. Three third-party libraries it uses keep process-wide objects (ICU's data and
// caches, libphonenumber's metadata singleton and the protobuf messages inside it) that
// live until the process ends and show as "possibly lost" in leak checkers. shutdown()
// releases them; a program that wants a clean valgrind report calls it last.
#pragma once

#include "clientele/export.h"

#include <functional>

namespace clientele {

/// Loads the process-wide data now (phone metadata, ICU) instead of on first use, so the
/// first call that needs it is not slow and a broken installation fails here. Counted:
/// every initialize() should be matched by one shutdown(). Thread-safe. Throws Error
/// (ErrorCode::unsupported) after the final shutdown().
CLIENTELE_API void initialize();

/// Undoes one initialize(); the last one (or a call without any initialize()) releases
/// ICU's data (u_cleanup) and libphonenumber's metadata. That release is final: the
/// library cannot be used again in this process. Call it when no Database, Deduplicator or
/// other clientele object is alive and no other thread is inside the library.
/// `before_release`, when given, runs just before that release; if it throws, nothing is
/// released, the call counts for nothing and the exception propagates (the C ABI refuses
/// this way while a handle is open).
CLIENTELE_API void shutdown(const std::function<void()>& before_release = {});

/// True once the final shutdown() has released the process-wide objects.
CLIENTELE_API bool is_shut_down() noexcept;

}  // namespace clientele

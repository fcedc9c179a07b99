// clientele CLI — the documented process exit codes (docs/cli.md).
#pragma once

#include <clientele/error.hpp>

namespace clientele::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;  ///< a bug or an unexpected failure
inline constexpr int kExitUsage = 2;     ///< the command line itself is wrong

/// The exit code for a failure the library reported. The one place the mapping lives.
int exit_code_for(ErrorCode code) noexcept;

}  // namespace clientele::cli

#include "exit_codes.hpp"

namespace clientele::cli {

int exit_code_for(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok: return kExitOk;
        case ErrorCode::invalid_input: return 3;
        case ErrorCode::not_found: return 4;
        case ErrorCode::conflict: return 5;
        case ErrorCode::permission_denied: return 6;
        case ErrorCode::storage: return 7;
        case ErrorCode::corrupt_data: return 8;
        case ErrorCode::cancelled: return 9;
        case ErrorCode::unsupported: return 10;
        case ErrorCode::internal: return kExitInternal;
    }
    return kExitInternal;
}

}  // namespace clientele::cli

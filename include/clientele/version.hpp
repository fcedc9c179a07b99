// clientele — library version.
#pragma once

#include "clientele/export.h"

#include "clientele/version.h"

namespace clientele {

/// The version of the library actually linked, "MAJOR.MINOR.PATCH".
CLIENTELE_API const char* version() noexcept;
/// MAJOR * 10000 + MINOR * 100 + PATCH of the linked library.
CLIENTELE_API int version_number() noexcept;

}  // namespace clientele

#include "clientele/version.hpp"

namespace clientele {

const char* version() noexcept { return CLIENTELE_VERSION_STRING; }
int version_number() noexcept { return CLIENTELE_VERSION_NUMBER; }

}  // namespace clientele

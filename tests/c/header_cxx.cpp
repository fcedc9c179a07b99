// Compiles include/clientele.h as C++ with warnings as errors: the header must stay valid
// in both languages. Nothing here runs.
#include "clientele.h"

namespace {
[[maybe_unused]] clt_status open_default(clt_db** out, const char* path) {
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    return clt_db_open(out, path, &o);
}
}  // namespace

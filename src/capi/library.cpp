// clientele C ABI — the process-wide lifetime: clt_init and clt_shutdown.
#include "capi/capi.hpp"

#include "clientele/library.hpp"

using namespace clientele::capi;

extern "C" {

CLT_API clt_status clt_init(void) {
    return guard(__func__, [] { clientele::initialize(); });
}

CLT_API clt_status clt_shutdown(void) {
    if (clientele::is_shut_down()) return CLT_OK;  // the release is done; nothing is left to do
    return guard(__func__, [] {
        clientele::shutdown([] {
            if (const int open = open_handles(); open > 0)
                throw Misuse("", std::to_string(open) +
                                     " database handle(s) still open; close them before clt_shutdown()");
        });
    });
}

}  // extern "C"

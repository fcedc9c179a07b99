# System libraries clientele builds on (Debian 12 packages; scripts/setup.sh installs them).
# nlohmann/json and Boost are used inside src/ only: no installed header includes them, so
# consumers of libclientele never need them (tests/abi/public_headers.sh).
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
find_package(Boost 1.74 REQUIRED CONFIG COMPONENTS headers)
include(ClienteleLinkDependencies)

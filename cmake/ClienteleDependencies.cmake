# System libraries clientele builds on (Debian 12 packages; scripts/setup.sh installs them).
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
find_package(Boost 1.74 REQUIRED CONFIG COMPONENTS headers)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(Threads REQUIRED)

# libphonenumber ships neither a CMake config nor a pkg-config file on Debian.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
if(NOT TARGET clientele_phonenumber)
  add_library(clientele_phonenumber INTERFACE IMPORTED)
  set_target_properties(clientele_phonenumber PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${PHONENUMBER_LIBRARY}")
endif()

# OpenCC (traditional -> simplified Chinese for matching): a plain library and headers.
find_path(OPENCC_INCLUDE_DIR opencc/SimpleConverter.hpp REQUIRED)
find_library(OPENCC_LIBRARY opencc REQUIRED)
if(NOT TARGET clientele_opencc)
  add_library(clientele_opencc INTERFACE IMPORTED)
  set_target_properties(clientele_opencc PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OPENCC_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${OPENCC_LIBRARY}")
endif()

# CMake 4 renamed FindSQLite3's target to SQLite3::SQLite3 and deprecated the old name,
# which Debian 12's CMake 3.25 still uses; clientele_sqlite is whichever exists.
if(NOT TARGET clientele_sqlite)
  add_library(clientele_sqlite INTERFACE IMPORTED)
  if(TARGET SQLite3::SQLite3)
    set_target_properties(clientele_sqlite PROPERTIES INTERFACE_LINK_LIBRARIES SQLite3::SQLite3)
  else()
    set_target_properties(clientele_sqlite PROPERTIES INTERFACE_LINK_LIBRARIES SQLite::SQLite3)
  endif()
endif()

# The libraries libclientele links against. The build uses this file, and an installed
# static libclientele's package config includes it too: a static library's consumers link
# these themselves (a shared one's do not).
find_package(SQLite3 REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(Threads REQUIRED)
# libsodium (Argon2id password hashes in src/auth; secretstream, Argon2id and BLAKE2b for
# backups in src/backup) through its pkg-config file.
find_package(PkgConfig REQUIRED)
if(NOT TARGET clientele_sodium)
  pkg_check_modules(clientele_sodium_pc REQUIRED IMPORTED_TARGET libsodium)
  add_library(clientele_sodium INTERFACE IMPORTED)
  set_target_properties(clientele_sodium PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::clientele_sodium_pc)
endif()

# libphonenumber and OpenCC (traditional -> simplified Chinese, for matching) ship neither a
# CMake config nor a pkg-config file on Debian: one imported target each from the header
# and the library.
function(clientele_plain_library target header library)
  string(TOUPPER "${target}" _v)
  find_path(${_v}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${_v}_LIBRARY ${library} REQUIRED)
  if(NOT TARGET ${target})
    add_library(${target} INTERFACE IMPORTED)
    set_target_properties(${target} PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${${_v}_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "${${_v}_LIBRARY}")
  endif()
endfunction()
clientele_plain_library(clientele_phonenumber phonenumbers/phonenumberutil.h phonenumber)
clientele_plain_library(clientele_opencc opencc/SimpleConverter.hpp opencc)

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

# zlib compresses backups (src/backup); scripts/setup.sh installs it.
find_package(ZLIB REQUIRED)

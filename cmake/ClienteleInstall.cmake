# Install rules: headers, the shared library, a CMake package (find_package(clientele))
# and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS clientele EXPORT clienteleTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(CLIENTELE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/clientele)
install(EXPORT clienteleTargets NAMESPACE clientele:: DESTINATION ${CLIENTELE_CMAKE_DIR})
if(BUILD_SHARED_LIBS)
  set(CLIENTELE_STATIC_LIBRARY OFF)
  set(CLIENTELE_PC_CFLAGS "")
else()
  set(CLIENTELE_STATIC_LIBRARY ON)
  set(CLIENTELE_PC_CFLAGS " -DCLIENTELE_STATIC")
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/ClienteleLinkDependencies.cmake DESTINATION ${CLIENTELE_CMAKE_DIR})
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/clienteleConfig.cmake.in
  ${PROJECT_BINARY_DIR}/clienteleConfig.cmake INSTALL_DESTINATION ${CLIENTELE_CMAKE_DIR})
# The same promise as the SONAME (src/CMakeLists.txt, docs/cpp-api.md): while 0.x a
# minor release may break compatibility, from 1.0 on only a major one.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_clt_compatibility SameMinorVersion)
else()
  set(_clt_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/clienteleConfigVersion.cmake
  COMPATIBILITY ${_clt_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/clienteleConfig.cmake
  ${PROJECT_BINARY_DIR}/clienteleConfigVersion.cmake DESTINATION ${CLIENTELE_CMAKE_DIR})

# Relocatable: the prefix is found from where the .pc file lies, so an install moved or
# made with `cmake --install --prefix` elsewhere still works.
file(RELATIVE_PATH CLIENTELE_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(${PROJECT_SOURCE_DIR}/cmake/clientele.pc.in ${PROJECT_BINARY_DIR}/clientele.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/clientele.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
